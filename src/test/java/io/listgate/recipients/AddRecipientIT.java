package io.listgate.recipients;

import static io.listgate.support.ImportSteps.sample;
import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.XmlApiClient.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * AddRecipient over /XMLAPI (URL-encoded form, raw {@code xml=} form, text/xml) in the shapes real
 * clients send (spec xmlapi-more §0–1), its faults, and parallel calls on the same contacts.
 */
class AddRecipientIT {

    private final ImportSteps acme = ImportSteps.acme();

    /** The sample database keyed on EMAIL: Customer Id, First Name, Birthday; ada, grace, alan, linus, margaret. */
    static long subscribers(ImportSteps client) {
        String mapping = sample("create_db_map.xml").replace("Newsletter Subscribers", unique("Recipients"));
        return client.run(mapping, sample("subscribers.csv").getBytes(StandardCharsets.UTF_8), null).listId();
    }

    private long subscribers() {
        return subscribers(acme);
    }

    /** A database without a unique key (the vendor's "flexible" database): EMAIL, Customer Id, First Name; one contact. */
    private long flexible() {
        return acme.createDatabase(MappingXml.create(unique("Flexible")).column("EMAIL", 9).column("Customer Id", 0)
                .column("First Name", 0).map("EMAIL", "Customer Id", "First Name"), "Email,Customer Id,First Name\nseed@example.org,S-0,Seed\n");
    }

    static long recipientId(Reply reply) {
        assertEquals("TRUE", reply.success(), reply.body());
        String id = reply.xpath("/Envelope/Body/RESULT/RecipientId");
        assertTrue(id.matches("[1-9][0-9]*"), "RecipientId in that exact case, a positive number: " + reply.body());
        assertFalse(reply.xpath("/Envelope/Body/RESULT/ORGANIZATION_ID").isEmpty(), reply.body());
        return Long.parseLong(id);
    }

    static void assertFault(Reply reply, String errorId, String faultString) {
        assertEquals("false", reply.success(), reply.body());
        assertEquals(errorId, reply.errorId(), reply.body());
        assertEquals("SP.API", reply.errorClass(), reply.body());
        if (faultString != null) {
            assertEquals(faultString, reply.faultString(), reply.body());
        }
    }

    @Test
    void theVendorsJavaClientAddsAContactWithTypedColumnsAndNamesInAnyCase() {
        long db = subscribers();

        // J: COLUMN carries TYPE and SELECTION_VALUES; names in the database's spelling or not
        Reply reply = acme.call("<AddRecipient><LIST_ID>" + db + "</LIST_ID><CREATED_FROM>1</CREATED_FROM>"
                + "<SEND_AUTOREPLY>false</SEND_AUTOREPLY><UPDATE_IF_FOUND>false</UPDATE_IF_FOUND>"
                + "<COLUMN><NAME>Email</NAME><VALUE>new.one@example.org</VALUE><TYPE>0</TYPE><SELECTION_VALUES/></COLUMN>"
                + "<COLUMN><NAME>first name</NAME><VALUE><![CDATA[Tom & Jerry]]></VALUE><TYPE>0</TYPE><SELECTION_VALUES/></COLUMN>"
                + "<COLUMN><NAME>CUSTOMER ID</NAME><VALUE>C-100</VALUE><TYPE>0</TYPE><SELECTION_VALUES/></COLUMN>"
                + "</AddRecipient>");

        long id = recipientId(reply);
        Map<String, String> contact = acme.contact(db, "new.one@example.org");
        assertEquals(String.valueOf(id), contact.get("RECIPIENT_ID"));
        assertEquals("Tom & Jerry", contact.get("First Name"));
        assertEquals("C-100", contact.get("Customer Id"));
        assertNull(contact.get("OPTED_OUT"));
        assertEquals(6, acme.contacts(db).size());
    }

    @Test
    void theNodeClientsCdataAndEmptyOptionalElementsOverARawBodyAddAndJoinRepeatedContactLists() {
        long db = subscribers();
        long first = acme.createContactList(db, "First");
        long second = acme.createContactList(db, "Second");

        // N: every value in CDATA, unset optional elements as empty CDATA, one CONTACT_LISTS per id, EXPORT_FILE_NAME
        Reply reply = acme.callTextXml("<AddRecipient><LIST_ID><![CDATA[" + db + "]]></LIST_ID>"
                + "<EXPORT_FILE_NAME><![CDATA[]]></EXPORT_FILE_NAME><SEND_AUTOREPLY><![CDATA[]]></SEND_AUTOREPLY>"
                + "<UPDATE_IF_FOUND><![CDATA[]]></UPDATE_IF_FOUND><VISITOR_KEY><![CDATA[]]></VISITOR_KEY>"
                + "<ALLOW_HTML><![CDATA[true]]></ALLOW_HTML><CREATED_FROM><![CDATA[6]]></CREATED_FROM>"
                + "<CONTACT_LISTS><CONTACT_LIST_ID><![CDATA[" + first + "]]></CONTACT_LIST_ID></CONTACT_LISTS>"
                + "<CONTACT_LISTS><CONTACT_LIST_ID><![CDATA[" + second + "]]></CONTACT_LIST_ID></CONTACT_LISTS>"
                + "<COLUMN><NAME><![CDATA[EMAIL]]></NAME><VALUE><![CDATA[node@example.org]]></VALUE></COLUMN>"
                + "<COLUMN><NAME><![CDATA[First Name]]></NAME><VALUE><![CDATA[Nöde]]></VALUE></COLUMN>"
                + "</AddRecipient>");

        recipientId(reply);
        assertEquals("Nöde", acme.contact(db, "node@example.org").get("First Name"));
        assertEquals(Set.of("node@example.org"), acme.members(db, first));
        assertEquals(Set.of("node@example.org"), acme.members(db, second));
    }

    @Test
    void aPhpClientsUpperCaseTrueInAnotherOrderOverARawFormUpdatesTheContactAndAnswersItsRecipientId() {
        long db = subscribers();
        String before = acme.contact(db, "ada@example.org").get("RECIPIENT_ID");

        // P: RECIPIENT-style order (COLUMN before LIST_ID), TRUE, xml= not URL-encoded
        Reply reply = acme.callRawForm("<AddRecipient><COLUMN><NAME>EMAIL</NAME><VALUE>ADA@example.org</VALUE></COLUMN>"
                + "<COLUMN><NAME>First Name</NAME><VALUE>Countess</VALUE></COLUMN><UPDATE_IF_FOUND>TRUE</UPDATE_IF_FOUND>"
                + "<LIST_ID>" + db + "</LIST_ID><SEND_AUTOREPLY>FALSE</SEND_AUTOREPLY></AddRecipient>");

        assertEquals(Long.parseLong(before), recipientId(reply), "the existing contact is updated");
        Map<String, String> ada = acme.contact(db, "ada@example.org");
        assertEquals("Countess", ada.get("First Name"));
        assertEquals("C-001", ada.get("Customer Id"), "columns not given keep their value");
        assertEquals(5, acme.contacts(db).size());
    }

    @Test
    void withoutUpdateIfFoundAnExistingContactIsFault122AndAnEmptyFlagMeansAbsent() {
        long db = subscribers();

        Reply plain = acme.call("<AddRecipient><LIST_ID>" + db + "</LIST_ID><COLUMN><NAME>EMAIL</NAME>"
                + "<VALUE>grace@example.org</VALUE></COLUMN></AddRecipient>");
        // Y writes True as a self-closing element: read as absent (spec §0)
        Reply selfClosing = acme.call("<AddRecipient><LIST_ID>" + db + "</LIST_ID><UPDATE_IF_FOUND />"
                + "<COLUMN><NAME>EMAIL</NAME><VALUE>grace@example.org</VALUE></COLUMN></AddRecipient>");

        assertFault(plain, "122", "Unable to add recipient. Recipient already exists.");
        assertFault(selfClosing, "122", "Unable to add recipient. Recipient already exists.");
        assertEquals(5, acme.contacts(db).size());
    }

    @Test
    void everyBooleanSpellingIsRead() {
        long db = subscribers();
        for (String yes : List.of("true", "TRUE", "yes", "1", "True")) {
            Reply reply = acme.call("<AddRecipient><LIST_ID>" + db + "</LIST_ID><UPDATE_IF_FOUND>" + yes + "</UPDATE_IF_FOUND>"
                    + "<COLUMN><NAME>EMAIL</NAME><VALUE>alan@example.org</VALUE></COLUMN></AddRecipient>");
            recipientId(reply);
        }
        for (String no : List.of("false", "FALSE", "no", "0")) {
            Reply reply = acme.call("<AddRecipient><LIST_ID>" + db + "</LIST_ID><UPDATE_IF_FOUND>" + no + "</UPDATE_IF_FOUND>"
                    + "<COLUMN><NAME>EMAIL</NAME><VALUE>alan@example.org</VALUE></COLUMN></AddRecipient>");
            assertFault(reply, "122", null);
        }
    }

    @Test
    void faultsSayWhatIsWrongWithTheVendorsNumbers() {
        long db = subscribers();
        String list = "<LIST_ID>" + db + "</LIST_ID>";

        assertFault(acme.call("<AddRecipient>" + list + "<COLUMN><NAME>First Name</NAME><VALUE>x</VALUE></COLUMN></AddRecipient>"),
                "121", "Unable to add recipient. No EMAIL provided.");
        assertFault(acme.call("<AddRecipient>" + list + "<COLUMN><NAME>EMAIL</NAME><VALUE>not-an-address</VALUE></COLUMN>"
                + "</AddRecipient>"), "1017", null);
        Reply unknown = acme.call("<AddRecipient>" + list + "<COLUMN><NAME>EMAIL</NAME><VALUE>u@example.org</VALUE></COLUMN>"
                + "<COLUMN><NAME>Shoe Size</NAME><VALUE>9</VALUE></COLUMN></AddRecipient>");
        assertFault(unknown, "1007", null);
        assertTrue(unknown.faultString().contains("Shoe Size"), unknown.faultString());
        assertFault(acme.call("<AddRecipient><COLUMN><NAME>EMAIL</NAME><VALUE>u@example.org</VALUE></COLUMN></AddRecipient>"),
                "100", "Parameter \"LIST_ID\" was not provided in API call");
        assertFault(acme.call("<AddRecipient><LIST_ID>abc</LIST_ID><COLUMN><NAME>EMAIL</NAME><VALUE>u@example.org</VALUE>"
                + "</COLUMN></AddRecipient>"), "106", "List ID is not valid.");
        assertFault(acme.call("<AddRecipient><LIST_ID>987654321</LIST_ID><COLUMN><NAME>EMAIL</NAME><VALUE>u@example.org"
                + "</VALUE></COLUMN></AddRecipient>"), "108", "List with id 987654321 Does Not Exist.");
        assertFault(acme.call("<AddRecipient>" + list + "<COLUMN><VALUE>u@example.org</VALUE></COLUMN></AddRecipient>"),
                "316", "Invalid XML in request: COLUMN Element found without a NAME.");
        assertFault(acme.call("<AddRecipient>" + list + "<COLUMN><NAME>EMAIL</NAME><VALUE>u@example.org</VALUE></COLUMN>"
                + "<SYNC_FIELDS><SYNC_FIELD><VALUE>x</VALUE></SYNC_FIELD></SYNC_FIELDS></AddRecipient>"),
                "329", "SYNC_FIELD Element found without a NAME.");
        assertFault(acme.call("<AddRecipient>" + list + "<COLUMN><NAME>EMAIL</NAME><VALUE>u@example.org</VALUE></COLUMN>"
                + "<COLUMN><NAME>Birthday</NAME><VALUE>not a date</VALUE></COLUMN></AddRecipient>"), "1005", null);
        assertEquals(5, acme.contacts(db).size(), "no fault left a contact behind");
    }

    @Test
    void anotherOrganizationsDatabaseIsFault108LikeAMissingOne() {
        long db = subscribers();

        Reply reply = ImportSteps.globex().call("<AddRecipient><LIST_ID>" + db + "</LIST_ID><COLUMN><NAME>EMAIL</NAME>"
                + "<VALUE>thief@example.org</VALUE></COLUMN></AddRecipient>");

        assertFault(reply, "108", "List with id " + db + " Does Not Exist.");
    }

    @Test
    void syncFieldsFindTheContactInADatabaseWithoutAUniqueKey() {
        long db = flexible();
        String add = "<AddRecipient><LIST_ID>" + db + "</LIST_ID><UPDATE_IF_FOUND>true</UPDATE_IF_FOUND>"
                + "<SYNC_FIELDS><SYNC_FIELD><NAME>customer id</NAME><VALUE>K-1</VALUE></SYNC_FIELD></SYNC_FIELDS>"
                + "<COLUMN><NAME>EMAIL</NAME><VALUE>%s</VALUE></COLUMN><COLUMN><NAME>First Name</NAME><VALUE>%s</VALUE></COLUMN>"
                + "</AddRecipient>";

        long first = recipientId(acme.call(add.formatted("k1@example.org", "Kay")));
        long second = recipientId(acme.call(add.formatted("kay@example.org", "Kay Two")));

        assertEquals(first, second);
        List<Map<String, String>> contacts = acme.contacts(db).stream().filter(c -> "K-1".equals(c.get("Customer Id"))).toList();
        assertEquals(1, contacts.size());
        assertEquals("kay@example.org", contacts.get(0).get("EMAIL"), "matched on Customer Id, the address may change");
        assertEquals("Kay Two", contacts.get(0).get("First Name"));
    }

    @Test
    void fiftyParallelAddRecipientsWithUpdateIfFoundOnTenEmailsEndWithTenContacts() throws Exception {
        long db = subscribers();
        assertParallelAddsMakeTenContacts(db, "");
    }

    @Test
    void fiftyParallelAddRecipientsOnADatabaseWithoutAUniqueKeyEndWithTenContacts() throws Exception {
        long db = flexible();
        assertParallelAddsMakeTenContacts(db, "");
    }

    private void assertParallelAddsMakeTenContacts(long db, String extra) throws Exception {
        int before = acme.contacts(db).size();
        List<ImportSteps> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(ImportSteps.acme());
        }
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ImportSteps client = clients.get(i % clients.size());
                String email = "parallel" + (i % 10) + "@example.org";
                Callable<Reply> call = () -> client.call("<AddRecipient><LIST_ID>" + db + "</LIST_ID>"
                        + "<UPDATE_IF_FOUND>true</UPDATE_IF_FOUND>" + extra + "<COLUMN><NAME>EMAIL</NAME><VALUE>" + email
                        + "</VALUE></COLUMN><COLUMN><NAME>First Name</NAME><VALUE>Call</VALUE></COLUMN></AddRecipient>");
                replies.add(pool.submit(call));
            }
            Set<Long> ids = new TreeSet<>();
            for (Future<Reply> reply : replies) {
                ids.add(recipientId(reply.get(60, TimeUnit.SECONDS)));
            }
            assertEquals(10, ids.size(), "each email answered with one RecipientId: " + ids);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(before + 10, acme.contacts(db).size());
        assertEquals(10, acme.contacts(db).stream().filter(c -> c.get("EMAIL").startsWith("parallel")).count());
    }
}
