package io.listgate.soap;

import static io.listgate.support.TestUsers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.Server;
import io.listgate.soap.ScriptSoapClient.Reply;
import io.listgate.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SoapApiIT {

    private static final String USER_ACTIONS = "xmlns:user=\"SilverpopApi:EngageService.ListMgmt.UserActions\"";
    private static final String REPORTING = "xmlns:rpt=\"SilverpopApi:EngageService.Reporting\"";
    private static final String GET_LISTS = "<user:GetLists " + USER_ACTIONS
            + "><user:VISIBILITY>1</user:VISIBILITY><user:LIST_TYPE>2</user:LIST_TYPE></user:GetLists>";

    private static Server server;
    private static ScriptSoapClient soap;

    @BeforeAll
    static void startServer() {
        server = TestServer.shared();
        soap = new ScriptSoapClient(server.httpPort());
    }

    @Test
    void loginAnswersTheVendorShapeByteForByte() {
        Reply reply = soap.call("SilverpopApi:Engageservice.Login",
                ScriptSoapClient.envelope(null, ScriptSoapClient.login(ACME_USER, ACME_PASSWORD)));

        assertEquals(200, reply.status());
        assertEquals("text/xml;charset=UTF-8", reply.contentType());
        String session = reply.read("/Envelope/Body/RESULT/SESSIONID");
        assertEquals("<envelope:Envelope xmlns=\"SilverpopApi:EngageService.SessionMgmt.Login\""
                + " xmlns:envelope=\"http://schemas.xmlsoap.org/soap/envelope/\"><envelope:Header/><envelope:Body>"
                + "<RESULT><SUCCESS>true</SUCCESS><SESSIONID>" + session + "</SESSIONID><ORGANIZATION_ID>"
                + reply.read("/Envelope/Body/RESULT/ORGANIZATION_ID") + "</ORGANIZATION_ID><SESSION_ENCODING>;jsessionid="
                + session + "</SESSION_ENCODING></RESULT></envelope:Body></envelope:Envelope>", reply.body());
        assertTrue(session.matches("[0-9A-F]{32}"), session);
    }

    @Test
    void theImportFlowRunsOverSoapAsAScriptRunsIt() throws Exception {
        String names = uploadCreateImport("soap-script");
        String session = loginAsAcme();

        Reply imported = importList(session, names);
        assertEquals("true", imported.success(), imported.body());
        assertTrue(imported.body().startsWith("<envelope:Envelope xmlns=\"SilverpopApi:EngageService.ListMgmt.UserActions\""),
                imported.body());
        String jobId = imported.read("/Envelope/Body/RESULT/JOB_ID");

        Reply status = awaitComplete(session, jobId);
        assertTrue(status.body().startsWith("<envelope:Envelope xmlns=\"SilverpopApi:EngageService.Reporting\""), status.body());
        assertEquals("3", status.read("/Envelope/Body/RESULT/PARAMETERS/PARAMETER[NAME='TOTAL_ROWS']/VALUE"));
        assertEquals("3", status.read("/Envelope/Body/RESULT/PARAMETERS/PARAMETER[NAME='SQL_ADDED']/VALUE"));

        Reply logout = soap.call("", ScriptSoapClient.envelope(session,
                "<sil:Logout xmlns:sil=\"SilverpopApi:EngageService.SessionMgmt.Login\"/>"));
        assertEquals("true", logout.success(), logout.body());
        assertSessionFault(soap.call(null, ScriptSoapClient.envelope(session, GET_LISTS)));
    }

    @Test
    void aScriptAddsAColumnAndReadsTheListsMetaDataOverSoap() throws Exception {
        // given a database made over SOAP
        String names = uploadCreateImport("soap-meta");
        String session = loginAsAcme();
        String jobId = importList(session, names).read("/Envelope/Body/RESULT/JOB_ID");
        String listId = awaitComplete(session, jobId).read("/Envelope/Body/RESULT/PARAMETERS/PARAMETER[NAME='LIST_ID']/VALUE");

        // when a column is added (elements in another order, as P sends them) and the metadata read
        Reply added = soap.call("SilverpopApi:Engageservice.AddListColumn", ScriptSoapClient.envelope(session,
                "<user:AddListColumn " + USER_ACTIONS + "><user:COLUMN_TYPE>2</user:COLUMN_TYPE><user:COLUMN_NAME>Score"
                        + "</user:COLUMN_NAME><user:LIST_ID>" + listId + "</user:LIST_ID></user:AddListColumn>"));
        Reply meta = soap.call("SilverpopApi:Engageservice.GetListMetaData", ScriptSoapClient.envelope(session,
                "<user:GetListMetaData " + USER_ACTIONS + "><user:LIST_ID>" + listId + "</user:LIST_ID></user:GetListMetaData>"));

        // then both answer in the UserActions namespace; the new column has its integer type code
        assertEquals("true", added.success(), added.body());
        assertTrue(meta.body().startsWith("<envelope:Envelope xmlns=\"SilverpopApi:EngageService.ListMgmt.UserActions\""),
                meta.body());
        assertEquals(listId, meta.read("/Envelope/Body/RESULT/ID"));
        assertEquals("2", meta.read("/Envelope/Body/RESULT/COLUMNS/COLUMN[NAME='Score']/TYPE"), meta.body());
        assertEquals("EMAIL", meta.read("/Envelope/Body/RESULT/KEY_COLUMNS/COLUMN/NAME"));
    }

    @Test
    void dispatchFollowsTheBodyElementWhateverSoapActionSays() {
        String login = ScriptSoapClient.envelope(null, ScriptSoapClient.login(ACME_USER, ACME_PASSWORD));

        assertEquals("true", soap.call("SilverpopApi:Engageservice.SelectRecipientData", login).success());
        assertEquals("true", soap.call("", login).success());
        assertEquals("true", soap.call("\"\"", login).success());
        assertEquals("true", soap.call(null, login).success());
    }

    @Test
    void anUnknownSessionIsASoapFaultCarryingErrorId145() {
        assertSessionFault(soap.call("SilverpopApi:Engageservice.GetLists",
                ScriptSoapClient.envelope("00000000000000000000000000000000", GET_LISTS)));
    }

    @Test
    void aMissingSessionHeaderIsTheSameSessionFault() {
        assertSessionFault(soap.call("SilverpopApi:Engageservice.GetLists", ScriptSoapClient.envelope(null, GET_LISTS)));
    }

    @Test
    void aBodyElementInAnotherNamespaceIsAClientFaultNamingTheRightOne() {
        Reply reply = soap.call(null, ScriptSoapClient.envelope(null,
                "<x:Login xmlns:x=\"urn:wrong\"><x:USERNAME>a</x:USERNAME><x:PASSWORD>b</x:PASSWORD></x:Login>"));

        assertEquals(500, reply.status());
        assertEquals("envelope:Client", reply.read("/Envelope/Body/*[name()='envelope:Fault']/faultcode"));
        assertTrue(reply.read("/Envelope/Body/*[name()='envelope:Fault']/faultstring")
                .contains("SilverpopApi:EngageService.SessionMgmt.Login"), reply.body());
    }

    @Test
    void aWrongPasswordIsAClientFaultWithTheXmlApiErrorId() {
        Reply reply = soap.call(null, ScriptSoapClient.envelope(null, ScriptSoapClient.login("nobody@nowhere.test", "wrong")));

        assertEquals(500, reply.status());
        assertEquals("140", reply.read("/Envelope/Body/*[name()='envelope:Fault']/detail/error/errorid"));
        assertEquals("", reply.read("/Envelope/Body/RESULT/SUCCESS"), "a fault has no RESULT");
    }

    @Test
    void deeplyNestedElementsAreAClientFaultNotACrash() {
        String deep = "<b>".repeat(10_000) + "x" + "</b>".repeat(10_000);

        Reply reply = soap.call(null, ScriptSoapClient.envelope(null, ScriptSoapClient.login(deep, "x")));

        assertEquals(500, reply.status());
        assertEquals("envelope:Client", reply.read("/Envelope/Body/*[name()='envelope:Fault']/faultcode"));
        assertEquals("50", reply.read("/Envelope/Body/*[name()='envelope:Fault']/detail/error/errorid"));
    }

    @Test
    void anXmlApiEnvelopeWithoutSoapIsRefusedAsMalformed() {
        Reply reply = soap.call(null, "<Envelope><Body><Login><USERNAME>a</USERNAME><PASSWORD>b</PASSWORD></Login></Body></Envelope>");

        assertEquals(500, reply.status());
        assertEquals("50", reply.read("/Envelope/Body/*[name()='envelope:Fault']/detail/error/errorid"));
    }

    @Test
    void aBearerTokenIdentifiesTheCallerOnSoapApi() throws Exception {
        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + ACME_CLIENT
                        + "&client_secret=" + ACME_CLIENT_SECRET + "&refresh_token=" + ACME_REFRESH_TOKEN))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(token.body());
        assertTrue(m.find(), token.body());

        Reply reply = soap.call(null, ScriptSoapClient.envelope(null, GET_LISTS), "Bearer " + m.group(1));

        assertEquals("true", reply.success(), reply.body());
    }

    @Test
    void theWsdlNamesTheAddressTheClientUsedAndServesItsSchemas() {
        Reply wsdl = soap.get("?wsdl");

        assertEquals(200, wsdl.status());
        assertTrue(wsdl.body().contains("<soap:address location=\"http://127.0.0.1:" + server.httpPort() + "/SoapApi\"/>"),
                wsdl.body());
        assertTrue(wsdl.body().contains("schemaLocation=\"SoapApi?xsd=reporting.xsd\""), wsdl.body());
        assertTrue(soap.get("?xsd=reporting.xsd").body().contains("targetNamespace=\"SilverpopApi:EngageService.Reporting\""));
        assertEquals(404, soap.get("?xsd=../../wsdl/listgate.wsdl").status());
    }

    static void assertSessionFault(Reply reply) {
        assertEquals(500, reply.status(), reply.body());
        assertTrue(reply.body().startsWith("<envelope:Envelope xmlns:envelope=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<envelope:Header/><envelope:Body><envelope:Fault><faultcode>envelope:Client</faultcode>"), reply.body());
        assertEquals("Session has expired or is invalid", reply.read("/Envelope/Body/*[name()='envelope:Fault']/faultstring"));
        assertEquals("145", reply.read("/Envelope/Body/*[name()='envelope:Fault']/detail/error/errorid"));
        assertEquals("SP.Admin", reply.read("/Envelope/Body/*[name()='envelope:Fault']/detail/error/class"));
    }

    private String loginAsAcme() {
        return soap.call("SilverpopApi:Engageservice.Login", ScriptSoapClient.envelope(null,
                ScriptSoapClient.login(ACME_USER, ACME_PASSWORD))).read("/Envelope/Body/RESULT/SESSIONID");
    }

    /** ImportList of the files {@link #uploadCreateImport} wrote. */
    private Reply importList(String session, String names) {
        return soap.call("SilverpopApi:Engageservice.ImportList", ScriptSoapClient.envelope(session,
                "<user:ImportList " + USER_ACTIONS + "><user:MAP_FILE>" + names + ".xml</user:MAP_FILE><user:SOURCE_FILE>"
                        + names + ".csv</user:SOURCE_FILE></user:ImportList>"));
    }

    private Reply awaitComplete(String session, String jobId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Reply status = soap.call("SilverpopApi:Engageservice.GetJobStatus", ScriptSoapClient.envelope(session,
                    "<rpt:GetJobStatus " + REPORTING + "><rpt:JOB_ID>" + jobId + "</rpt:JOB_ID></rpt:GetJobStatus>"));
            String state = status.read("/Envelope/Body/RESULT/JOB_STATUS");
            if (state.equals("COMPLETE") || state.equals("ERROR") || Instant.now().isAfter(deadline)) {
                assertEquals("COMPLETE", state, status.body());
                return status;
            }
            Thread.sleep(100);
        }
    }

    /** Writes a CREATE mapping and a three-row CSV into acme's upload folder; returns their base name. */
    static String uploadCreateImport(String prefix) throws Exception {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path upload = TestServer.shared().folders().upload(ACME);
        Files.createDirectories(upload);
        Files.writeString(upload.resolve(name + ".csv"),
                "EMAIL,Name\na@" + name + ".example.com,A\nb@" + name + ".example.com,B\nc@" + name + ".example.com,C\n");
        Files.writeString(upload.resolve(name + ".xml"), """
                <LIST_IMPORT><LIST_INFO><ACTION>CREATE</ACTION><LIST_NAME>%s</LIST_NAME>
                <FILE_TYPE>0</FILE_TYPE><HASHEADERS>true</HASHEADERS></LIST_INFO>
                <COLUMNS><COLUMN><NAME>EMAIL</NAME><TYPE>9</TYPE><KEY_COLUMN>true</KEY_COLUMN></COLUMN>
                <COLUMN><NAME>Name</NAME><TYPE>0</TYPE></COLUMN></COLUMNS>
                <MAPPING><COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME></COLUMN><COLUMN><INDEX>2</INDEX><NAME>Name</NAME></COLUMN></MAPPING>
                </LIST_IMPORT>""".formatted(name));
        return name;
    }
}
