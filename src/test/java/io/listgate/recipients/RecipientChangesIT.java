package io.listgate.recipients;

import static io.listgate.recipients.AddRecipientIT.assertFault;
import static io.listgate.recipients.AddRecipientIT.recipientId;
import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.XmlApiClient.Reply;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * UpdateRecipient, OptOutRecipient, RemoveRecipient, DoubleOptInRecipient and AddContactToContactList
 * over the three /XMLAPI shapes, in the request shapes of real clients (spec xmlapi-more §2–6).
 */
class RecipientChangesIT {

    private final ImportSteps acme = ImportSteps.acme();

    private long subscribers() {
        return AddRecipientIT.subscribers(acme);
    }

    private long flexible() {
        return acme.createDatabase(MappingXml.create(unique("Flexible")).column("EMAIL", 9).column("Customer Id", 0)
                .column("First Name", 0).map("EMAIL", "Customer Id", "First Name"),
                "Email,Customer Id,First Name\nold@example.org,F-1,Old\nsame@example.org,F-2,First\nsame@example.org,F-3,Second\n");
    }

    private String id(long db, String email) {
        return acme.contact(db, email).get("RECIPIENT_ID");
    }

    // ---- UpdateRecipient

    @Test
    void updateRecipientByRecipientIdInAPhpClientsOrderWithAnUndocumentedCreatedFrom() {
        long db = subscribers();
        String grace = id(db, "grace@example.org");

        Reply reply = acme.callRawForm("<UpdateRecipient><RECIPIENT_ID>" + grace + "</RECIPIENT_ID><LIST_ID>" + db
                + "</LIST_ID><CREATED_FROM>1</CREATED_FROM><COLUMN><NAME>first name</NAME><VALUE>Admiral</VALUE></COLUMN>"
                + "</UpdateRecipient>");

        assertEquals(Long.parseLong(grace), recipientId(reply));
        assertEquals("Admiral", acme.contact(db, "grace@example.org").get("First Name"));
        assertEquals("C-002", acme.contact(db, "grace@example.org").get("Customer Id"));
    }

    @Test
    void updateRecipientByItsKeyColumnOrOldEmailAndTheKeyCannotChange() {
        long db = subscribers();

        Reply byKey = acme.callTextXml("<UpdateRecipient><LIST_ID>" + db + "</LIST_ID><OLD_EMAIL><![CDATA[]]></OLD_EMAIL>"
                + "<COLUMN><NAME>EMAIL</NAME><VALUE>alan@example.org</VALUE></COLUMN>"
                + "<COLUMN><NAME>Customer Id</NAME><VALUE>C-333</VALUE></COLUMN></UpdateRecipient>");
        Reply byOldEmail = acme.call("<UpdateRecipient><LIST_ID>" + db + "</LIST_ID><OLD_EMAIL>ALAN@example.org</OLD_EMAIL>"
                + "<COLUMN><NAME>First Name</NAME><VALUE>Alan M.</VALUE></COLUMN></UpdateRecipient>");
        Reply newKey = acme.call("<UpdateRecipient><LIST_ID>" + db + "</LIST_ID><OLD_EMAIL>alan@example.org</OLD_EMAIL>"
                + "<COLUMN><NAME>EMAIL</NAME><VALUE>turing@example.org</VALUE></COLUMN></UpdateRecipient>");
        Reply newKeyById = acme.call("<UpdateRecipient><LIST_ID>" + db + "</LIST_ID><RECIPIENT_ID>" + id(db, "alan@example.org")
                + "</RECIPIENT_ID><COLUMN><NAME>EMAIL</NAME><VALUE>turing@example.org</VALUE></COLUMN></UpdateRecipient>");

        assertEquals(recipientId(byKey), recipientId(byOldEmail));
        Map<String, String> alan = acme.contact(db, "alan@example.org");
        assertEquals("C-333", alan.get("Customer Id"));
        assertEquals("Alan M.", alan.get("First Name"));
        assertFault(newKey, "326", "Unable to update recipient's EMAIL. EMAIL is part of Unique Identifier");
        assertFault(newKeyById, "326", null);
    }

    @Test
    void updateRecipientOfNoContactIsFault123() {
        long db = subscribers();

        assertFault(acme.call("<UpdateRecipient><LIST_ID>" + db + "</LIST_ID><OLD_EMAIL>nobody@example.org</OLD_EMAIL>"
                + "<COLUMN><NAME>First Name</NAME><VALUE>x</VALUE></COLUMN></UpdateRecipient>"),
                "123", "Unable to update recipient / recipient does not exist.");
        assertFault(acme.call("<UpdateRecipient><LIST_ID>" + db + "</LIST_ID><RECIPIENT_ID>987654321</RECIPIENT_ID>"
                + "<COLUMN><NAME>First Name</NAME><VALUE>x</VALUE></COLUMN></UpdateRecipient>"), "123", null);
    }

    @Test
    void onADatabaseWithoutAUniqueKeyOldEmailChangesTheAddressAndSyncFieldsUpdateTheOldestMatch() {
        long db = flexible();

        Reply moved = acme.call("<UpdateRecipient><LIST_ID>" + db + "</LIST_ID><OLD_EMAIL>old@example.org</OLD_EMAIL>"
                + "<COLUMN><NAME>Email</NAME><VALUE>new@example.org</VALUE></COLUMN></UpdateRecipient>");
        Reply oldest = acme.call("<UpdateRecipient><LIST_ID>" + db + "</LIST_ID><SYNC_FIELDS><SYNC_FIELD><NAME>EMAIL</NAME>"
                + "<VALUE>same@example.org</VALUE></SYNC_FIELD></SYNC_FIELDS><COLUMN><NAME>First Name</NAME><VALUE>Changed</VALUE>"
                + "</COLUMN></UpdateRecipient>");

        recipientId(moved);
        assertEquals("F-1", acme.contact(db, "new@example.org").get("Customer Id"));
        recipientId(oldest);
        assertEquals(Set.of("Changed", "Second", "Old"), acme.column(db, "First Name"));
        assertEquals("Changed", acme.contacts(db).stream().filter(c -> "F-2".equals(c.get("Customer Id"))).findFirst()
                .orElseThrow().get("First Name"));
    }

    // ---- OptOutRecipient

    @Test
    void optOutRecipientAnswersTheSuccessLiteralAndSelectRecipientDataShowsTheDate() {
        long db = subscribers();

        // J: MAILING_ID 0 when never set
        Reply reply = acme.call("<OptOutRecipient><LIST_ID>" + db + "</LIST_ID><EMAIL>Linus@example.org</EMAIL>"
                + "<MAILING_ID>0</MAILING_ID></OptOutRecipient>");
        String firstDate = acme.contact(db, "linus@example.org").get("OPTED_OUT");
        Reply again = acme.callTextXml("<OptOutRecipient><EMAIL><![CDATA[linus@example.org]]></EMAIL><LIST_ID>" + db
                + "</LIST_ID></OptOutRecipient>");

        assertTrue(reply.body().contains("<SUCCESS>SUCCESS</SUCCESS>"), reply.body());
        assertFalse(reply.xpath("/Envelope/Body/RESULT/ORGANIZATION_ID").isEmpty());
        assertNotNull(firstDate);
        assertTrue(again.body().contains("<SUCCESS>SUCCESS</SUCCESS>"), again.body());
        assertEquals(firstDate, acme.contact(db, "linus@example.org").get("OPTED_OUT"), "the first opt-out date stays");
        Reply shown = acme.call("<SelectRecipientData><LIST_ID>" + db + "</LIST_ID><EMAIL>linus@example.org</EMAIL>"
                + "</SelectRecipientData>");
        assertFalse(shown.xpath("/Envelope/Body/RESULT/OptedOut").isEmpty(), shown.body());
    }

    @Test
    void optOutRecipientByRecipientMailingAndJobIdsAndOfNoContact() {
        long db = subscribers();

        Reply byIds = acme.call("<OptOutRecipient><LIST_ID>" + db + "</LIST_ID><MAILING_ID>7</MAILING_ID><RECIPIENT_ID>"
                + id(db, "margaret@example.org") + "</RECIPIENT_ID><JOB_ID>9</JOB_ID></OptOutRecipient>");
        Reply nobody = acme.call("<OptOutRecipient><LIST_ID>" + db + "</LIST_ID><EMAIL>nobody@example.org</EMAIL></OptOutRecipient>");
        Reply noEmail = acme.call("<OptOutRecipient><LIST_ID>" + db + "</LIST_ID><RECIPIENT_ID>5</RECIPIENT_ID></OptOutRecipient>");

        assertTrue(byIds.body().contains("<SUCCESS>SUCCESS</SUCCESS>"), byIds.body());
        assertNotNull(acme.contact(db, "margaret@example.org").get("OPTED_OUT"));
        assertFault(nobody, "128", "Recipient is not a member of the list.");
        assertFault(noEmail, "100", "Parameter \"EMAIL\" was not provided in API call");
    }

    // ---- RemoveRecipient

    @Test
    void removeRecipientFromAContactListKeepsTheContactAndFromTheDatabaseDeletesIt() {
        long db = subscribers();
        long favourites = acme.createContactList(db, "Favourites");
        acme.run(MappingXml.into("ADD_AND_UPDATE", db).map("EMAIL").contactLists(favourites),
                "Email\nada@example.org\ngrace@example.org\n");

        Reply fromList = acme.call("<RemoveRecipient><LIST_ID>" + favourites + "</LIST_ID><EMAIL>ada@example.org</EMAIL>"
                + "</RemoveRecipient>");
        Reply notMember = acme.call("<RemoveRecipient><LIST_ID>" + favourites + "</LIST_ID><EMAIL>ada@example.org</EMAIL>"
                + "</RemoveRecipient>");
        Reply fromDatabase = acme.callTextXml("<RemoveRecipient><EMAIL>grace@example.org</EMAIL><LIST_ID>" + db
                + "</LIST_ID></RemoveRecipient>");

        assertEquals("TRUE", fromList.success(), fromList.body());
        assertFalse(fromList.xpath("/Envelope/Body/RESULT/ORGANIZATION_ID").isEmpty());
        acme.contact(db, "ada@example.org");
        assertFault(notMember, "128", "Error removing recipient from list. Recipient is not a member of this list.");
        assertEquals("TRUE", fromDatabase.success(), fromDatabase.body());
        assertEquals(4, acme.contacts(db).size());
        assertEquals(Set.of(), acme.members(db, favourites));
    }

    // ---- DoubleOptInRecipient

    @Test
    void doubleOptInRecipientConfirmsTheContactWithTheClientsExtraElements() {
        long db = subscribers();
        acme.call("<OptOutRecipient><LIST_ID>" + db + "</LIST_ID><EMAIL>ada@example.org</EMAIL></OptOutRecipient>");

        // N and Y send AUTO_HTML; J sends TABLES and its primitive false flags
        Reply reply = acme.call("<DoubleOptInRecipient><LIST_ID>" + db + "</LIST_ID><SEND_AUTOREPLY>false</SEND_AUTOREPLY>"
                + "<ALLOW_HTML>false</ALLOW_HTML><AUTO_HTML/><TABLES/><COLUMN><NAME>EMAIL</NAME><VALUE>ada@example.org</VALUE>"
                + "<TYPE>0</TYPE><SELECTION_VALUES/></COLUMN></DoubleOptInRecipient>");
        Reply missing = acme.call("<DoubleOptInRecipient><LIST_ID>" + db + "</LIST_ID><COLUMN><NAME>EMAIL</NAME>"
                + "<VALUE>nobody@example.org</VALUE></COLUMN></DoubleOptInRecipient>");
        Reply noEmail = acme.call("<DoubleOptInRecipient><LIST_ID>" + db + "</LIST_ID></DoubleOptInRecipient>");

        assertEquals(Long.parseLong(id(db, "ada@example.org")), recipientId(reply));
        assertNull(acme.contact(db, "ada@example.org").get("OPTED_OUT"));
        assertFault(missing, "128", null);
        assertFault(noEmail, "100", null);
    }

    // ---- AddContactToContactList

    @Test
    void addContactToContactListAnswersUpperCaseTrueAlsoWhenAlreadyAMember() {
        long db = subscribers();
        long vip = acme.createContactList(db, "VIP");

        Reply byId = acme.call("<AddContactToContactList><CONTACT_LIST_ID>" + vip + "</CONTACT_LIST_ID><CONTACT_ID>"
                + id(db, "ada@example.org") + "</CONTACT_ID></AddContactToContactList>");
        Reply again = acme.callRawForm("<AddContactToContactList><CONTACT_ID>" + id(db, "ada@example.org")
                + "</CONTACT_ID><CONTACT_LIST_ID>" + vip + "</CONTACT_LIST_ID></AddContactToContactList>");
        // J sends CONTACT_ID 0 when it identifies the contact by COLUMNs
        Reply byColumn = acme.callTextXml("<AddContactToContactList><CONTACT_LIST_ID>" + vip + "</CONTACT_LIST_ID>"
                + "<CONTACT_ID>0</CONTACT_ID><COLUMN><NAME>email</NAME><VALUE>grace@example.org</VALUE><TYPE>0</TYPE>"
                + "</COLUMN></AddContactToContactList>");

        for (Reply reply : new Reply[] {byId, again, byColumn}) {
            assertTrue(reply.body().contains("<SUCCESS>TRUE</SUCCESS>"), reply.body());
        }
        assertEquals(Set.of("ada@example.org", "grace@example.org"), acme.members(db, vip));
    }

    @Test
    void addContactToContactListOfNoContactOrNoListIsAFault() {
        long db = subscribers();
        long vip = acme.createContactList(db, "VIP");

        assertFault(acme.call("<AddContactToContactList><CONTACT_LIST_ID>" + vip + "</CONTACT_LIST_ID><CONTACT_ID>987654321"
                + "</CONTACT_ID></AddContactToContactList>"), "1008", "Recipient Not Found in List");
        assertFault(acme.call("<AddContactToContactList><CONTACT_LIST_ID>" + db + "</CONTACT_LIST_ID><CONTACT_ID>1"
                + "</CONTACT_ID></AddContactToContactList>"), "108", "List with id " + db + " Does Not Exist.");
        assertFault(acme.call("<AddContactToContactList><CONTACT_LIST_ID>" + vip + "</CONTACT_LIST_ID><COLUMN><NAME>EMAIL"
                + "</NAME><VALUE>nobody@example.org</VALUE></COLUMN></AddContactToContactList>"), "1008", null);
    }

    @Test
    void removeContactFromContactListIsNoOperation() {
        Reply reply = acme.call("<RemoveContactFromContactList><CONTACT_LIST_ID>1</CONTACT_LIST_ID></RemoveContactFromContactList>");

        assertEquals("false", reply.success());
        assertTrue(reply.faultString().contains("AddContactToContactList"), "lists the supported operations");
    }
}
