package io.listgate.contacts;

import static io.listgate.support.ImportSteps.sample;
import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.XmlApiClient.Reply;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** GetLists, CreateContactList and SelectRecipientData: how a client finds its lists and checks what an import did. */
class ContactOperationsIT {

    private final ImportSteps acme = ImportSteps.acme();
    private final ImportSteps globex = ImportSteps.globex();

    /** The sample database: five contacts (ada, grace, alan, linus, margaret). */
    private long subscribers(String name) {
        String mapping = sample("create_db_map.xml").replace("Newsletter Subscribers", name);
        return acme.run(mapping, sample("subscribers.csv").getBytes(StandardCharsets.UTF_8), null).listId();
    }

    @Test
    void getListsShowsDatabasesAndContactListsWithSizesAndOptOuts() {
        // given a database of five contacts, one opted out, and a contact list of two of them
        String name = unique("Listed");
        long db = subscribers(name);
        acme.run(MappingXml.into("OPT_OUT", db).fileType(1).map("EMAIL"), "Email\nalan@example.org\n");
        String listName = unique("Favourites");
        long favourites = acme.createContactList(db, listName);
        acme.run(MappingXml.into("ADD_AND_UPDATE", db).map("EMAIL").contactLists(favourites),
                "Email\nada@example.org\ngrace@example.org\n");

        // when
        Reply all = acme.call("<GetLists><VISIBILITY>0</VISIBILITY><LIST_TYPE>2</LIST_TYPE></GetLists>");
        Reply databases = acme.call("<GetLists><VISIBILITY>0</VISIBILITY><LIST_TYPE>0</LIST_TYPE></GetLists>");
        Reply contactLists = acme.call("<GetLists><VISIBILITY>0</VISIBILITY><LIST_TYPE>18</LIST_TYPE></GetLists>");

        // then
        assertEquals(name, all.xpath("//LIST[ID='" + db + "']/NAME"));
        assertEquals("0", all.xpath("//LIST[ID='" + db + "']/TYPE"));
        assertEquals("5", all.xpath("//LIST[ID='" + db + "']/SIZE"));
        assertEquals("1", all.xpath("//LIST[ID='" + db + "']/NUM_OPT_OUTS"));
        assertFalse(all.xpath("//LIST[ID='" + db + "']/LAST_MODIFIED").isEmpty());
        assertEquals("18", all.xpath("//LIST[ID='" + favourites + "']/TYPE"));
        assertEquals("2", all.xpath("//LIST[ID='" + favourites + "']/SIZE"));
        assertEquals(name, all.xpath("//LIST[ID='" + favourites + "']/PARENT_NAME"));
        assertEquals(name, databases.xpath("//LIST[ID='" + db + "']/NAME"));
        assertEquals("", databases.xpath("//LIST[ID='" + favourites + "']/NAME"), "contact lists are not databases");
        assertEquals(listName, contactLists.xpath("//LIST[ID='" + favourites + "']/NAME"));
        assertEquals("", contactLists.xpath("//LIST[ID='" + db + "']/NAME"));
    }

    @Test
    void getListsFiltersOnVisibility() {
        long db = subscribers(unique("Private"));

        Reply shared = acme.call("<GetLists><VISIBILITY>1</VISIBILITY><LIST_TYPE>0</LIST_TYPE></GetLists>");

        assertEquals("TRUE", shared.success());
        assertEquals("", shared.xpath("//LIST[ID='" + db + "']/NAME"));
    }

    @Test
    void anotherOrganizationsListsAreNeitherListedNorUsable() {
        long db = subscribers(unique("Mine"));

        Reply listed = globex.call("<GetLists><VISIBILITY>0</VISIBILITY><LIST_TYPE>2</LIST_TYPE></GetLists>");
        Reply create = globex.call("<CreateContactList><DATABASE_ID>" + db + "</DATABASE_ID><CONTACT_LIST_NAME>Steal"
                + "</CONTACT_LIST_NAME><VISIBILITY>0</VISIBILITY></CreateContactList>");
        Reply select = globex.call("<SelectRecipientData><LIST_ID>" + db + "</LIST_ID><EMAIL>ada@example.org</EMAIL></SelectRecipientData>");

        assertEquals("", listed.xpath("//LIST[ID='" + db + "']/NAME"));
        assertEquals("false", create.success());
        assertEquals("false", select.success());
        assertEquals(create.faultString().replace(String.valueOf(db), "N"),
                globex.call("<CreateContactList><DATABASE_ID>999999999</DATABASE_ID><CONTACT_LIST_NAME>x</CONTACT_LIST_NAME>"
                        + "<VISIBILITY>0</VISIBILITY></CreateContactList>").faultString().replace("999999999", "N"),
                "a foreign database looks exactly like a missing one");
    }

    @Test
    void createContactListRefusesASecondListOfTheSameNameInTheDatabase() {
        long db = subscribers(unique("Twice"));
        acme.createContactList(db, "Same");

        Reply again = acme.call("<CreateContactList><DATABASE_ID>" + db + "</DATABASE_ID><CONTACT_LIST_NAME>Same"
                + "</CONTACT_LIST_NAME><VISIBILITY>0</VISIBILITY></CreateContactList>");

        assertEquals("false", again.success());
        assertTrue(again.faultString().contains("Same"), again.faultString());
    }

    @Test
    void selectRecipientDataFindsAContactByEmailIgnoringCase() {
        long db = subscribers(unique("Select"));

        Reply reply = acme.call("<SelectRecipientData><LIST_ID>" + db + "</LIST_ID><EMAIL>ADA@Example.org</EMAIL></SelectRecipientData>");

        assertEquals("TRUE", reply.success(), reply.body());
        assertEquals("ada@example.org", reply.xpath("/Envelope/Body/RESULT/EMAIL"));
        assertEquals("ada@example.org", reply.xpath("/Envelope/Body/RESULT/Email"));
        assertEquals("", reply.xpath("/Envelope/Body/RESULT/OptedOut"));
        assertEquals("C-001", reply.xpath("//COLUMN[NAME='Customer Id']/VALUE"));
        assertEquals("Ada", reply.xpath("//COLUMN[NAME='First Name']/VALUE"));
        assertEquals("12/10/1985", reply.xpath("//COLUMN[NAME='Birthday']/VALUE"), "dates as mm/dd/yyyy");
        assertFalse(reply.xpath("/Envelope/Body/RESULT/RecipientId").isEmpty());
    }

    @Test
    void selectRecipientDataFindsAContactByRecipientIdOrByColumn() {
        long db = subscribers(unique("Select"));
        String id = acme.call("<SelectRecipientData><LIST_ID>" + db + "</LIST_ID><EMAIL>grace@example.org</EMAIL></SelectRecipientData>")
                .xpath("/Envelope/Body/RESULT/RecipientId");

        Reply byId = acme.call("<SelectRecipientData><LIST_ID>" + db + "</LIST_ID><RECIPIENT_ID>" + id + "</RECIPIENT_ID></SelectRecipientData>");
        Reply byColumn = acme.call("<SelectRecipientData><LIST_ID>" + db + "</LIST_ID><COLUMN><NAME>Customer Id</NAME>"
                + "<VALUE>C-002</VALUE></COLUMN></SelectRecipientData>");

        assertEquals("grace@example.org", byId.xpath("/Envelope/Body/RESULT/EMAIL"));
        assertEquals("grace@example.org", byColumn.xpath("/Envelope/Body/RESULT/EMAIL"));
    }

    @Test
    void selectRecipientDataShowsTheOptOutDateOfAnOptedOutContactInTheShortForm() {
        long db = subscribers(unique("Opted"));
        acme.run(MappingXml.into("OPT_OUT", db).fileType(1).map("EMAIL"), "Email\nlinus@example.org\n");

        Reply reply = acme.call("<SelectRecipientData><LIST_ID>" + db + "</LIST_ID><EMAIL>linus@example.org</EMAIL></SelectRecipientData>");

        // what clients parse with M/d/yy h:mm a: a two-digit year, no seconds
        assertTrue(reply.xpath("/Envelope/Body/RESULT/OptedOut").matches("\\d\\d/\\d\\d/\\d\\d \\d\\d:\\d\\d [AP]M"), reply.body());
    }

    @Test
    void aContactThatDoesNotExistIsAFault() {
        long db = subscribers(unique("Missing"));

        Reply reply = acme.call("<SelectRecipientData><LIST_ID>" + db + "</LIST_ID><EMAIL>nobody@example.org</EMAIL></SelectRecipientData>");

        assertEquals("false", reply.success());
        assertFalse(reply.errorId().isEmpty());
        assertNotEquals("145", reply.errorId());
    }

    @Test
    void selectRecipientDataWithoutAWayToFindTheContactNamesWhatIsMissing() {
        long db = subscribers(unique("Nothing"));

        Reply reply = acme.call("<SelectRecipientData><LIST_ID>" + db + "</LIST_ID></SelectRecipientData>");

        assertEquals("false", reply.success());
        assertTrue(reply.faultString().contains("EMAIL"), reply.faultString());
    }
}
