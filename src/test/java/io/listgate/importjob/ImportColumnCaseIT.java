package io.listgate.importjob;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.XmlApiClient.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Column names are case-insensitive, as in the vendor's databases: a mapping's {@code Email} is the
 * system field EMAIL and its {@code first name} the database's {@code First Name}; the database keeps
 * its own spelling.
 */
class ImportColumnCaseIT {

    private final ImportSteps acme = ImportSteps.acme();

    private long database() {
        return acme.createDatabase(MappingXml.create(unique("Case")).key("EMAIL", 9).column("First Name", 0).column("City", 0)
                .map("EMAIL", "First Name", "City"), "EMAIL,First Name,City\nada@example.org,Ada,London\n");
    }

    private List<String> columnNames(long listId) {
        return acme.query("SELECT name FROM list_column WHERE list_id = ? ORDER BY position", listId).stream()
                .map(r -> r[0]).toList();
    }

    @Test
    void aMappingSpellingTheColumnsInAnotherCaseImportsIntoTheExistingColumns() {
        // given a database with EMAIL, First Name and City
        long listId = database();

        // when a mapping names them Email, first name and CITY, and COLUMNS repeats city
        ImportSteps.Job job = acme.run(MappingXml.into("ADD_AND_UPDATE", listId).column("city", 0)
                .map("Email", "first name", "CITY"), "e,f,c\nada@example.org,Augusta,Paris\nbob@example.org,Bob,Rome\n");

        // then it imports into those columns, which keep the database's spelling, and no column is added
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 1, "SQL_UPDATED", 1);
        Map<String, String> ada = acme.contact(listId, "ada@example.org");
        assertEquals("Augusta", ada.get("First Name"));
        assertEquals("Paris", ada.get("City"));
        assertEquals("Rome", acme.contact(listId, "bob@example.org").get("City"));
        assertEquals(List.of("First Name", "City"), columnNames(listId));
    }

    @Test
    void syncFieldsMatchTheDatabasesColumnsInAnyCase() {
        // given a database without a unique key, with a contact in London
        long listId = acme.createDatabase(MappingXml.create(unique("Case")).column("EMAIL", 9).column("First Name", 0)
                .column("City", 0).map("EMAIL", "First Name", "City"), "EMAIL,First Name,City\nada@example.org,Ada,London\n");

        // when contacts are looked up by city, spelled CITY in SYNC_FIELDS and City in MAPPING
        ImportSteps.Job job = acme.run(MappingXml.into("UPDATE_ONLY", listId).map("City", "first name").sync("CITY"),
                "c,f\nLondon,Ada Lovelace\n");

        // then the contact is found and updated; SelectRecipientData finds it by cItY too, naming the column City
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_UPDATED", 1);
        assertEquals("Ada Lovelace", acme.contact(listId, "ada@example.org").get("First Name"));
        Reply found = acme.call("<SelectRecipientData><LIST_ID>" + listId + "</LIST_ID><COLUMN><NAME>cItY</NAME><VALUE>London"
                + "</VALUE></COLUMN></SelectRecipientData>");
        assertEquals("ada@example.org", found.xpath("/Envelope/Body/RESULT/EMAIL"), found.body());
        assertEquals("London", found.xpath("//COLUMN[NAME='City']/VALUE"));
    }

    @Test
    void creatingADatabaseWithTwoColumnsDifferingOnlyInCaseIsRefusedWithAClearMessage() {
        // when a CREATE defines Phone and PHONE
        String name = unique("Twins");
        Reply reply = acme.submit(MappingXml.create(name).key("EMAIL", 9).column("Phone", 0).column("PHONE", 0)
                .map("EMAIL", "Phone").xml(), "EMAIL,Phone\nada@example.org,1\n");

        // then it is a fault saying why, and no database is made
        assertEquals("false", reply.success(), reply.body());
        assertTrue(reply.faultString().contains("'Phone' (line"), reply.faultString());
        assertTrue(reply.faultString().contains("differ only in case"), reply.faultString());
        assertEquals(-1, acme.databaseId(name));
    }
}
