package io.listgate.soap;

import static io.listgate.support.ImportSteps.sample;
import static io.listgate.support.ImportSteps.unique;
import static io.listgate.support.TestUsers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.soap.ScriptSoapClient.Reply;
import io.listgate.support.ImportSteps;
import io.listgate.support.TestServer;
import jakarta.xml.ws.soap.SOAPFaultException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import silverpopapi.engageservice.EngageService;
import silverpopapi.engageservice.EngageSoapApi;
import silverpopapi.engageservice.listmgmt.recipientactions.AddRecipient;
import silverpopapi.engageservice.listmgmt.recipientactions.ColumnType;
import silverpopapi.engageservice.listmgmt.recipientactions.DoubleOptInRecipient;
import silverpopapi.engageservice.listmgmt.recipientactions.OptOutRecipient;
import silverpopapi.engageservice.listmgmt.recipientactions.RemoveRecipient;
import silverpopapi.engageservice.listmgmt.recipientactions.UpdateRecipient;
import silverpopapi.engageservice.listmgmt.useractions.AddContactToContactList;
import silverpopapi.engageservice.sessionheader.SessionHeader;
import silverpopapi.engageservice.sessionmgmt.Login;

/**
 * The single-contact operations over /SoapApi: as scripts write envelopes (prefixes, CDATA, extra
 * children) and through the client wsimport generated from {@code wsdl/listgate.wsdl}.
 */
class SoapRecipientsIT {

    private static final String RECIPIENT_ACTIONS = "xmlns:rcp=\"SilverpopApi:EngageService.ListMgmt.RecipientActions\"";
    private static ScriptSoapClient soap;
    private static EngageSoapApi api;
    private final ImportSteps acme = ImportSteps.acme();

    @BeforeAll
    static void connect() throws Exception {
        int port = TestServer.shared().httpPort();
        soap = new ScriptSoapClient(port);
        api = new EngageService(new URL("http://127.0.0.1:" + port + "/SoapApi?wsdl")).getEngageSoapApiPort();
    }

    /** The sample database keyed on EMAIL: ada, grace, alan, linus, margaret. */
    private long subscribers() {
        String mapping = sample("create_db_map.xml").replace("Newsletter Subscribers", unique("Soap recipients"));
        return acme.run(mapping, sample("subscribers.csv").getBytes(StandardCharsets.UTF_8), null).listId();
    }

    private static String session() {
        return soap.call("SilverpopApi:Engageservice.Login", ScriptSoapClient.envelope(null,
                ScriptSoapClient.login(ACME_USER, ACME_PASSWORD))).read("/Envelope/Body/RESULT/SESSIONID");
    }

    @Test
    void aScriptAddsUpdatesAndOptsOutAContactInTheRecipientActionsNamespace() {
        long db = subscribers();
        String session = session();

        Reply added = soap.call("SilverpopApi:Engageservice.AddRecipient", ScriptSoapClient.envelope(session,
                "<rcp:AddRecipient " + RECIPIENT_ACTIONS + "><rcp:UPDATE_IF_FOUND>TRUE</rcp:UPDATE_IF_FOUND><rcp:LIST_ID>"
                        + db + "</rcp:LIST_ID><rcp:EXPORT_FILE_NAME/><rcp:COLUMN><rcp:NAME><![CDATA[Email]]></rcp:NAME>"
                        + "<rcp:VALUE><![CDATA[soap@example.org]]></rcp:VALUE><rcp:TYPE>0</rcp:TYPE></rcp:COLUMN>"
                        + "</rcp:AddRecipient>"));
        Reply optedOut = soap.call("", ScriptSoapClient.envelope(session, "<rcp:OptOutRecipient " + RECIPIENT_ACTIONS
                + "><rcp:LIST_ID>" + db + "</rcp:LIST_ID><rcp:EMAIL>soap@example.org</rcp:EMAIL><rcp:MAILING_ID>0"
                + "</rcp:MAILING_ID></rcp:OptOutRecipient>"));
        Reply missing = soap.call(null, ScriptSoapClient.envelope(session, "<rcp:UpdateRecipient " + RECIPIENT_ACTIONS
                + "><rcp:LIST_ID>" + db + "</rcp:LIST_ID><rcp:OLD_EMAIL>nobody@example.org</rcp:OLD_EMAIL>"
                + "</rcp:UpdateRecipient>"));

        assertEquals("true", added.success(), added.body());
        assertTrue(added.body().startsWith("<envelope:Envelope xmlns=\"SilverpopApi:EngageService.ListMgmt.RecipientActions\""),
                added.body());
        assertEquals(acme.contact(db, "soap@example.org").get("RECIPIENT_ID"), added.read("/Envelope/Body/RESULT/RecipientId"));
        assertEquals("true", optedOut.success(), "SOAP's SUCCESS is the WSDL's xs:boolean: " + optedOut.body());
        assertNotNull(acme.contact(db, "soap@example.org").get("OPTED_OUT"));
        assertEquals(500, missing.status(), missing.body());
        assertEquals("123", missing.read("//*[local-name()='errorid']"), missing.body());
    }

    @Test
    void theGeneratedClientCallsEverySingleContactOperation() {
        long db = subscribers();
        long vip = acme.createContactList(db, "VIP");
        Login login = new Login();
        login.setUSERNAME(ACME_USER);
        login.setPASSWORD(ACME_PASSWORD);
        SessionHeader session = new SessionHeader();
        session.setSessionid(api.login(login).getSESSIONID());

        AddRecipient add = new AddRecipient();
        add.setLISTID(String.valueOf(db));
        add.setUPDATEIFFOUND("false");
        add.getCOLUMN().add(column("EMAIL", "generated@example.org"));
        add.getCOLUMN().add(column("First Name", "Gen"));
        var added = api.addRecipient(add, session);
        assertTrue(added.isSUCCESS());
        String id = added.getRecipientId();
        assertEquals(acme.contact(db, "generated@example.org").get("RECIPIENT_ID"), id);

        UpdateRecipient update = new UpdateRecipient();
        update.setLISTID(String.valueOf(db));
        update.setRECIPIENTID(id);
        update.getCOLUMN().add(column("First Name", "Generated"));
        assertEquals(id, api.updateRecipient(update, session).getRecipientId());
        assertEquals("Generated", acme.contact(db, "generated@example.org").get("First Name"));

        AddContactToContactList join = new AddContactToContactList();
        join.setCONTACTLISTID(String.valueOf(vip));
        join.setCONTACTID(id);
        assertTrue(api.addContactToContactList(join, session).isSUCCESS());
        assertEquals(Set.of("generated@example.org"), acme.members(db, vip));

        OptOutRecipient optOut = new OptOutRecipient();
        optOut.setLISTID(String.valueOf(db));
        optOut.setEMAIL("generated@example.org");
        optOut.setMAILINGID("0");
        assertTrue(api.optOutRecipient(optOut, session).isSUCCESS());
        assertNotNull(acme.contact(db, "generated@example.org").get("OPTED_OUT"));

        DoubleOptInRecipient confirm = new DoubleOptInRecipient();
        confirm.setLISTID(String.valueOf(db));
        confirm.setSENDAUTOREPLY("false");
        confirm.setALLOWHTML("false");
        confirm.getCOLUMN().add(column("EMAIL", "generated@example.org"));
        assertEquals(id, api.doubleOptInRecipient(confirm, session).getRecipientId());
        assertNull(acme.contact(db, "generated@example.org").get("OPTED_OUT"));

        RemoveRecipient remove = new RemoveRecipient();
        remove.setLISTID(String.valueOf(db));
        remove.setEMAIL("generated@example.org");
        assertTrue(api.removeRecipient(remove, session).isSUCCESS());
        assertTrue(acme.contacts(db).stream().noneMatch(c -> "generated@example.org".equals(c.get("EMAIL"))));

        SOAPFaultException fault = assertThrows(SOAPFaultException.class, () -> api.removeRecipient(remove, session));
        assertEquals("Error removing recipient from list. Recipient is not a member of this list.",
                fault.getFault().getFaultString());
    }

    private static ColumnType column(String name, String value) {
        ColumnType column = new ColumnType();
        column.setNAME(name);
        column.setVALUE(value);
        return column;
    }
}
