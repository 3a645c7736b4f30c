package io.listgate.contacts;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.XmlApiClient.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GetListMetaData and AddListColumn (spec xmlapi-more.md §9, §10; ADR 16): what a client reads before
 * mapping, a column added and used at once, in the database's own spelling; the shapes of the
 * answers are in the fixtures of {@code get-list-meta-data/} and {@code add-list-column/}.
 */
class ListColumnsIT {

    private static final Logger LOG = LoggerFactory.getLogger(ListColumnsIT.class);

    private final ImportSteps acme = ImportSteps.acme();

    private long database(String key) {
        MappingXml create = MappingXml.create(unique("Meta"));
        create = "EMAIL".equals(key) ? create.key("EMAIL", 9) : create.column("EMAIL", 9);
        create = "Customer Id".equals(key) ? create.key("Customer Id", 0) : create.column("Customer Id", 0);
        return acme.createDatabase(create.column("First Name", 0).map("EMAIL", "Customer Id", "First Name"),
                "EMAIL,Customer Id,First Name\nada@example.org,C1,Ada\n");
    }

    private Reply metaData(long listId) {
        return acme.call("<GetListMetaData><INCLUDE_TAGS>true</INCLUDE_TAGS><LIST_ID>" + listId + "</LIST_ID></GetListMetaData>");
    }

    private Reply addColumn(long listId, String name, int type) {
        // with an element the operation does not know, which clients send and the server ignores (spec §0)
        return acme.call("<AddListColumn><LIST_ID>" + listId + "</LIST_ID><COLUMN_NAME>" + name + "</COLUMN_NAME><COLUMN_TYPE>"
                + type + "</COLUMN_TYPE><HONOR_OPTOUT_STATUS/></AddListColumn>");
    }

    @Test
    void aColumnAddedIsUsableAtOnceByImportsInAnyCaseAndShownInItsOwnSpelling() {
        // given a database keyed on EMAIL
        long listId = database("EMAIL");

        // when a column is added and an import maps it spelled in lower case, Email for EMAIL
        Reply added = addColumn(listId, "Loyalty Tier", 6);
        ImportSteps.Job job = acme.run(MappingXml.into("ADD_AND_UPDATE", listId).map("Email", "loyalty tier"),
                "e,t\nada@example.org,Gold\n");

        // then the import filled it, and SelectRecipientData and GetListMetaData name it as it was added
        assertEquals("TRUE", added.success(), added.body());
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_UPDATED", 1);
        Reply contact = acme.call("<SelectRecipientData><LIST_ID>" + listId + "</LIST_ID><EMAIL>ada@example.org</EMAIL>"
                + "</SelectRecipientData>");
        assertEquals("Gold", contact.xpath("//COLUMN[NAME='Loyalty Tier']/VALUE"), contact.body());
        Reply meta = metaData(listId);
        assertEquals("6", meta.xpath("//COLUMNS/COLUMN[NAME='Loyalty Tier']/TYPE"), meta.body());
        assertEquals("0", meta.xpath("count(//COLUMNS/COLUMN[NAME='loyalty tier'])"), meta.body());
        assertEquals("0", meta.xpath("//COLUMNS/COLUMN[NAME='First Name']/TYPE"));
        assertEquals("EMAIL", meta.xpath("//KEY_COLUMNS/COLUMN/NAME"));
        assertEquals("1", meta.xpath("/Envelope/Body/RESULT/SIZE"));
    }

    @Test
    void getListMetaDataShowsTheKeyColumnsOfADatabaseKeyedOnColumnsAndNoneForOneWithoutAKey() {
        // given a database keyed on Customer Id and one without a unique key
        long keyed = database("Customer Id");
        long flexible = database("none");

        // when
        Reply keyedMeta = metaData(keyed);
        Reply flexibleMeta = metaData(flexible);

        // then
        assertEquals("Customer Id", keyedMeta.xpath("//KEY_COLUMNS/COLUMN/NAME"), keyedMeta.body());
        assertEquals("1", keyedMeta.xpath("count(//KEY_COLUMNS/COLUMN)"));
        assertEquals("0", flexibleMeta.xpath("count(//KEY_COLUMNS/COLUMN)"), flexibleMeta.body());
        assertEquals("TRUE", flexibleMeta.success());
    }

    @Test
    void aColumnIsNotAddedWhileAnImportOfTheDatabaseWaitsOrRuns() throws SQLException {
        // given a database whose import is (made to look) WAITING again
        long listId = database("EMAIL");
        setJobStatus(listId, "WAITING");
        Reply refused;
        try {
            // when
            refused = addColumn(listId, "Late", 0);
        } finally {
            setJobStatus(listId, "COMPLETE");
        }

        // then it is refused with a fault that says to wait, and no column is recorded; once the import has ended it works
        assertEquals("false", refused.success(), refused.body());
        assertEquals("61", refused.errorId());
        assertTrue(refused.faultString().contains("import waiting or running"), refused.faultString());
        assertEquals("0", metaData(listId).xpath("count(//COLUMNS/COLUMN[NAME='Late'])"));
        assertEquals("TRUE", addColumn(listId, "Late", 0).success());
    }

    @Test
    void addingAColumnToABigDatabaseChangesOnlyMetadata() throws SQLException {
        // given a database of 100,000 contacts
        int contacts = 100_000;
        String rows = IntStream.range(0, contacts).mapToObj(i -> "c" + i + "@example.org,C" + i + ",Name " + i)
                .collect(Collectors.joining("\n", "EMAIL,Customer Id,First Name\n", "\n"));
        long listId = acme.createDatabase(MappingXml.create(unique("Big")).key("EMAIL", 9).column("Customer Id", 0)
                .column("First Name", 0).map("EMAIL", "Customer Id", "First Name"), rows);

        // when a column is added while an import rewrites every contact, then after it, and (for comparison) the
        // table is rebuilt as a copying ALTER would
        long update = acme.importList(acme.upload(unique("map") + ".xml", MappingXml.into("ADD_AND_UPDATE", listId)
                .map("EMAIL", "Customer Id", "First Name").xml()), acme.upload(unique("data") + ".csv", rows.replace(",Name ", ",New ")));
        Reply duringImport = addColumn(listId, "Segment", 0);
        ImportSteps.Job job = acme.awaitJob(update);
        long start = System.nanoTime();
        Reply added = addColumn(listId, "Segment", 0);
        long addMillis = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        try (Connection c = acme.server().database().dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE contacts_" + listId + " FORCE");
        }
        long rebuildMillis = (System.nanoTime() - start) / 1_000_000;
        LOG.info("AddListColumn on {} contacts: {} ms; a rebuild of the same table: {} ms", contacts, addMillis, rebuildMillis);

        // then the column waited for the import, which was not disturbed; added after, it is far quicker than a
        // rebuild: MariaDB's instant ADD COLUMN
        assertEquals("61", duringImport.errorId(), duringImport.body());
        job.assertComplete("TOTAL_ROWS", contacts, "TOTAL_VALID", contacts, "SQL_UPDATED", contacts);
        assertEquals("New 7", acme.call("<SelectRecipientData><LIST_ID>" + listId + "</LIST_ID><EMAIL>c7@example.org</EMAIL>"
                + "</SelectRecipientData>").xpath("//COLUMN[NAME='First Name']/VALUE"));
        assertEquals("TRUE", added.success(), added.body());
        assertTrue(addMillis * 4 < rebuildMillis, "AddListColumn took " + addMillis + " ms, a rebuild " + rebuildMillis + " ms");
        assertEquals(String.valueOf(contacts), metaData(listId).xpath("/Envelope/Body/RESULT/SIZE"));
    }

    private void setJobStatus(long listId, String status) throws SQLException {
        try (Connection c = acme.server().database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE import_job SET status = ? WHERE list_id = ?")) {
            s.setString(1, status);
            s.setLong(2, listId);
            assertEquals(1, s.executeUpdate());
        }
    }
}
