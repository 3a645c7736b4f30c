package io.listgate.api;

import static io.listgate.support.TestUsers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import io.listgate.support.XmlApiClient.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad and hostile requests get a fault envelope: HTTP 200, numeric errorid, no stack trace, no file read. */
class HostileRequestIT {

    private static XmlApiClient api;

    @BeforeAll
    static void startServer() {
        api = new XmlApiClient(TestServer.shared().httpPort());
    }

    private static void assertCleanFault(Reply reply, String errorId) {
        assertEquals(200, reply.status());
        assertEquals("text/xml;charset=UTF-8", reply.contentType());
        assertEquals("false", reply.success(), reply.body());
        assertEquals(errorId, reply.errorId(), reply.body());
        assertTrue(reply.body().indexOf("<RESULT>") < reply.body().indexOf("<Fault>"), "RESULT must come before Fault");
        assertFalse(reply.body().contains("Exception"), reply.body());
        assertFalse(reply.body().contains("at io.listgate"), reply.body());
    }

    @Test
    void malformedXmlIsAFaultSayingWhere() {
        Reply reply = api.textXml("<Envelope><Body><Login><USERNAME>x</Body></Envelope>", null);

        assertCleanFault(reply, "50");
        assertTrue(reply.faultString().contains("line"), reply.faultString());
    }

    @Test
    void emptyBodyIsAFault() {
        assertCleanFault(api.post(null, "text/xml", new byte[0]), "51");
    }

    @Test
    void formWithoutXmlFieldIsAFault() {
        assertCleanFault(api.post(null, "application/x-www-form-urlencoded", "foo=bar".getBytes(StandardCharsets.US_ASCII)), "51");
    }

    @Test
    void bodyOverTheSizeLimitIsAFault() {
        byte[] huge = ("<Envelope><Body><Login><USERNAME>" + "x".repeat(2 * 1024 * 1024) + "</USERNAME></Login></Body></Envelope>")
                .getBytes(StandardCharsets.US_ASCII);

        assertCleanFault(api.post(null, "text/xml", huge), "52");
    }

    @Test
    void externalEntityIsRefusedAndTheFileNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET-CONTENT");
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE Envelope [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>"
                + "<Envelope><Body><Login><USERNAME>&xxe;</USERNAME><PASSWORD>x</PASSWORD></Login></Body></Envelope>";

        Reply reply = api.textXml(xml, null);

        assertCleanFault(reply, "53");
        assertFalse(reply.body().contains("TOP-SECRET-CONTENT"));
    }

    @Test
    void entityExpansionIsRefused() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        xml.append("]><Envelope><Body><Login><USERNAME>&lol9;</USERNAME></Login></Body></Envelope>");

        assertCleanFault(api.form(xml.toString(), null), "53");
    }

    @Test
    void unknownOperationIsAFaultListingTheSupportedOnes() {
        Reply reply = api.form("<Envelope><Body><DeleteEverything/></Body></Envelope>", null);

        assertCleanFault(reply, "54");
        assertTrue(reply.faultString().contains("DeleteEverything"), reply.faultString());
        assertTrue(reply.faultString().contains("Login") && reply.faultString().contains("Logout"), reply.faultString());
    }

    @Test
    void operationNamesAreCaseSensitive() {
        assertCleanFault(api.form(XmlApiClient.login(ACME_USER, ACME_PASSWORD).replace("Login>", "login>"), null), "54");
    }

    @Test
    void envelopeWithoutBodyIsAFault() {
        assertCleanFault(api.form("<Envelope><Login/></Envelope>", null), "50");
    }

    @Test
    void otherRootElementIsAFault() {
        assertCleanFault(api.form("<Login><USERNAME>a</USERNAME></Login>", null), "50");
    }

    @Test
    void garbageInTheFormFieldIsAFault() {
        assertCleanFault(api.post(null, "application/x-www-form-urlencoded", "xml=%ZZ%%".getBytes(StandardCharsets.US_ASCII)), "51");
    }

    @Test
    void deeplyNestedElementsAreAFaultNotACrash() {
        String deep = "<b>".repeat(10_000) + "x" + "</b>".repeat(10_000);

        Reply reply = api.textXml(XmlApiClient.login(deep, "x"), null);

        assertCleanFault(reply, "50");
        assertTrue(reply.faultString().contains("nests elements more than 100 levels deep"), reply.faultString());
    }

    @Test
    void anXml11EnvelopeIsRefusedAtTheDoorAndNoControlCharacterIsEchoed() {
        String xml = "<?xml version=\"1.1\"?><Envelope><Body><GetJobStatus><JOB_ID>a&#1;</JOB_ID></GetJobStatus>"
                + "</Body></Envelope>";

        Reply reply = api.textXml(xml, api.loginSession(ACME_USER, ACME_PASSWORD));

        assertCleanFault(reply, "50");
        assertTrue(reply.faultString().contains("Only XML 1.0"), reply.faultString());
        assertFalse(reply.body().contains("\u0001"), reply.body());
    }

    @Test
    void anUnknownRequestCharsetIsAFaultNamingIt() {
        String login = XmlApiClient.login(ACME_USER, ACME_PASSWORD);

        Reply form = api.post(null, "application/x-www-form-urlencoded; charset=x-bogus-42",
                ("xml=" + login).getBytes(StandardCharsets.US_ASCII));
        Reply xml = api.post(null, "text/xml; charset=x-bogus-42", login.getBytes(StandardCharsets.US_ASCII));

        assertCleanFault(form, "56");
        assertCleanFault(xml, "56");
        assertTrue(form.faultString().contains("x-bogus-42"), form.faultString());
        assertTrue(xml.faultString().contains("x-bogus-42"), xml.faultString());
    }
}
