package io.listgate.importjob;

import static io.listgate.support.ImportSteps.sample;
import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.XmlApiClient.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * ImportList refusals at call time (a fault naming the problem, no job) and the walls between two
 * organizations: neither sees the other's databases, jobs or files.
 */
class ImportListFaultsIT {

    private final ImportSteps acme = ImportSteps.acme();
    private final ImportSteps globex = ImportSteps.globex();

    private final String source = acme.upload(unique("data") + ".csv", "Email\na@example.org\n");

    private String mapping(String xml) {
        return acme.upload(unique("map") + ".xml", xml);
    }

    private String createMapping() {
        return mapping(MappingXml.create(unique("Faults")).key("EMAIL", 9).map("EMAIL").xml());
    }

    private static void assertFault(Reply reply, String... words) {
        assertEquals("false", reply.success(), reply.body());
        assertTrue(reply.errorId().matches("[0-9]+"), reply.body());
        for (String word : words) {
            assertTrue(reply.faultString().contains(word), "FaultString should name '" + word + "': " + reply.faultString());
        }
    }

    private long jobCount() {
        return Long.parseLong(acme.query("SELECT COUNT(*) FROM import_job").get(0)[0]);
    }

    @Test
    void aMissingMapFileIsAFaultNamingIt() {
        // when
        Reply reply = acme.call("<ImportList><SOURCE_FILE>" + source + "</SOURCE_FILE></ImportList>");

        // then
        assertFault(reply, "MAP_FILE");
    }

    @Test
    void anEmptyMapFileOrSourceFileIsAFaultNamingIt() {
        // when
        Reply noMap = acme.call("<ImportList><MAP_FILE/><SOURCE_FILE>" + source + "</SOURCE_FILE></ImportList>");
        Reply noSource = acme.call("<ImportList><MAP_FILE>" + createMapping() + "</MAP_FILE><SOURCE_FILE><![CDATA[]]>"
                + "</SOURCE_FILE></ImportList>");

        // then
        assertFault(noMap, "MAP_FILE");
        assertFault(noSource, "SOURCE_FILE");
    }

    @Test
    void aFileThatIsNotInUploadIsAFaultNamingIt() {
        // when
        Reply reply = acme.importListReply(createMapping(), "no-such-file.csv", null);

        // then
        assertFault(reply, "SOURCE_FILE", "no-such-file.csv", "upload/");
    }

    @Test
    void aPathLeavingUploadIsAFault() {
        // given a result file of an earlier job sits in download/
        Job done = acme.run(MappingXml.create(unique("Escape")).key("EMAIL", 9).map("EMAIL"), "Email\na@example.org\n");

        // when
        Reply up = acme.importListReply("../download/" + done.id() + ".res", source, null);
        Reply deep = acme.importListReply(createMapping(), "../../../../../../etc/passwd", null);

        // then
        assertFault(up, "MAP_FILE");
        assertFault(deep, "SOURCE_FILE");
    }

    @Test
    void anAbsolutePathIsAFault() {
        // when
        Reply reply = acme.importListReply(createMapping(), "/etc/passwd", null);

        // then
        assertFault(reply, "SOURCE_FILE", "/etc/passwd");
    }

    @Test
    void aMalformedMappingIsAFaultNamingTheLineAndElement() {
        // given
        String map = mapping("<?xml version=\"1.0\"?>\n<LIST_IMPORT>\n  <LIST_INFO>\n    <ACTION>CREATE</ACTION>\n"
                + "  </LIST_INFOS>\n</LIST_IMPORT>\n");

        // when
        Reply reply = acme.importListReply(map, source, null);

        // then
        assertFault(reply, map, "line 5", "LIST_INFO");
    }

    @Test
    void aMappingThatBreaksTheSchemaIsAFaultNamingTheLinesAndElements() {
        // given the sample invalid_map.xml
        String map = mapping(sample("invalid_map.xml"));
        long jobsBefore = jobCount();

        // when
        Reply reply = acme.importListReply(map, source, null);

        // then
        assertFault(reply, map, "line 5", "ACTION", "MERGE_EVERYTHING");
        assertTrue(reply.faultString().contains("TYPE") && reply.faultString().contains("MAPPING"), reply.faultString());
        assertEquals(jobsBefore, jobCount(), "no job is stored for a refused call");
    }

    @Test
    void anUnknownListIdIsAFault() {
        // when
        Reply reply = acme.importListReply(mapping(MappingXml.into("ADD_ONLY", 987_654_321L).map("EMAIL").xml()), source, null);

        // then
        assertFault(reply, "LIST_ID", "987654321");
    }

    @Test
    void anotherOrganizationsListIdLooksExactlyLikeAnUnknownOne() {
        // given a database of globex
        long theirs = globex.createDatabase(MappingXml.create(unique("Globex Private")).key("EMAIL", 9).map("EMAIL"),
                "Email\nsecret@globex.example.com\n");
        long unknown = 987_654_322L;

        // when acme tries to import into it
        Reply foreign = acme.importListReply(mapping(MappingXml.into("ADD_AND_UPDATE", theirs).map("EMAIL").xml()),
                source, null);
        Reply missing = acme.importListReply(mapping(MappingXml.into("ADD_AND_UPDATE", unknown).map("EMAIL").xml()),
                source, null);

        // then
        assertFault(foreign, "LIST_ID");
        assertEquals(missing.errorId(), foreign.errorId());
        assertEquals(missing.faultString().replace(String.valueOf(unknown), "N"),
                foreign.faultString().replace(String.valueOf(theirs), "N"));
        assertEquals(1, globex.contacts(theirs).size(), "nothing was imported into globex's database");
    }

    @Test
    void aMappingColumnTheDatabaseLacksInAnyCaseIsAFaultNamingIt() {
        // given a database with a column "First Name"
        long listId = acme.createDatabase(MappingXml.create(unique("Case")).key("EMAIL", 9).column("First Name", 0)
                .map("EMAIL", "First Name"), "Email,First Name\na@example.org,A\n");

        // when a mapping names "first names", which COLUMNS does not define (column names are case-insensitive:
        // ImportColumnCaseIT)
        Reply reply = acme.importListReply(mapping(MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "first names")
                .xml()), source, null);

        // then
        assertFault(reply, "first names");
    }

    @Test
    void createOfANameTheOrganizationAlreadyHasIsAFault() {
        // given
        String name = unique("Taken");
        acme.createDatabase(MappingXml.create(name).key("EMAIL", 9).map("EMAIL"), "Email\na@example.org\n");

        // when
        Reply reply = acme.importListReply(mapping(MappingXml.create(name).key("EMAIL", 9).map("EMAIL").xml()), source, null);

        // then
        assertFault(reply, name, "already exists");
    }

    private static final String GET_LISTS = "<GetLists><VISIBILITY>1</VISIBILITY><LIST_TYPE>2</LIST_TYPE></GetLists>";

    @Test
    void aColumnNameLongerThanTheDatabaseKeepsIsAFaultNamingTheLimitAndLeavesNothingBehind() {
        // given
        String name = unique("Long Column");
        String column = "C".repeat(300);
        String data = "Email,Long\na@example.org,x\n";

        // when
        Reply reply = acme.submit(MappingXml.create(name).key("EMAIL", 9).column(column, 0).map("EMAIL", column).xml(), data);

        // then
        assertFault(reply, "300 characters", "at most 255");
        assertEquals("59", reply.errorId());
        assertEquals(-1, acme.databaseId(name));
        assertEquals("TRUE", acme.call(GET_LISTS).success());
        assertEquals("COMPLETE", acme.run(MappingXml.create(name).key("EMAIL", 9).column("Short", 0).map("EMAIL", "Short"),
                data).status(), "the name is free for a retry");
    }

    @Test
    void moreKeyColumnsThanOneUniqueIndexHoldsIsAFaultNamingTheLimit() {
        // given
        MappingXml mapping = MappingXml.create(unique("Many Keys"));
        for (int i = 1; i <= 60; i++) {
            mapping.key("Key" + i, 0);
        }

        // when
        Reply reply = acme.submit(mapping.map("Key1").xml(), "Key1\nx\n");

        // then
        assertFault(reply, "60 key columns", "at most 32");
        assertEquals("59", reply.errorId());
    }

    @Test
    void moreColumnsThanATableHoldsIsAFaultNamingTheLimit() {
        // given
        String name = unique("Many Columns");
        MappingXml mapping = MappingXml.create(name).key("EMAIL", 9);
        for (int i = 1; i <= 5000; i++) {
            mapping.column("Column" + i, 0);
        }

        // when
        Reply reply = acme.submit(mapping.map("EMAIL").xml(), "Email\na@example.org\n");

        // then
        assertFault(reply, "5000 columns", "at most");
        assertEquals("59", reply.errorId());
        assertEquals(-1, acme.databaseId(name));
    }

    @Test
    void aDatabaseWhoseTableIsMissingStillListsAndCountsNothing() throws SQLException {
        // given a database recorded without its table, as a crash between the two leaves it
        String name = unique("No Table");
        try (Connection c = acme.server().database().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO contact_list (organization_id, name, list_type, visibility,"
                     + " key_kind) SELECT id, ?, 0, 1, 'EMAIL' FROM organization WHERE name = ?")) {
            s.setString(1, name);
            s.setString(2, acme.organization());
            s.executeUpdate();
        }

        // when
        Reply lists = acme.call(GET_LISTS);

        // then
        assertEquals("TRUE", lists.success(), lists.body());
        assertTrue(lists.body().contains(name), lists.body());
    }

    @Test
    void twoOrganizationsMayEachHaveADatabaseOfTheSameName() {
        // given
        String name = unique("Shared Name");
        MappingXml create = MappingXml.create(name).key("EMAIL", 9).map("EMAIL");

        // when
        long ours = acme.createDatabase(create, "Email\na@example.org\n");
        long theirs = globex.createDatabase(create, "Email\nb@example.org\n");

        // then
        assertTrue(ours != theirs);
        assertEquals(ours, acme.databaseId(name));
        assertEquals(theirs, globex.databaseId(name));
    }

    @Test
    void anUnsupportedFileEncodingIsAFaultNamingIt() {
        // when
        Reply reply = acme.importListReply(createMapping(), source, "UTF-16");

        // then
        assertFault(reply, "FILE_ENCODING", "UTF-16");
    }

    @Test
    void anEmptyFileEncodingMeansTheDefault() {
        // when
        Reply reply = acme.call("<ImportList><MAP_FILE>" + createMapping() + "</MAP_FILE><SOURCE_FILE>" + source
                + "</SOURCE_FILE><FILE_ENCODING/></ImportList>");

        // then
        assertEquals("TRUE", reply.success().toUpperCase(), reply.body());
        Job job = acme.awaitJob(Long.parseLong(reply.xpath("/Envelope/Body/RESULT/JOB_ID")));
        assertEquals("UTF-8", job.parameters().get("FILE_ENCODING"));
    }

    @Test
    void anInvalidNotificationEmailIsAFaultNamingIt() {
        // when
        Reply reply = acme.call("<ImportList><MAP_FILE>" + createMapping() + "</MAP_FILE><SOURCE_FILE>" + source
                + "</SOURCE_FILE><EMAIL>not-an-address</EMAIL></ImportList>");

        // then
        assertFault(reply, "EMAIL", "not-an-address");
    }

    @Test
    void getJobStatusOfAnotherOrganizationsJobLooksExactlyLikeAMissingJob() {
        // given a job of acme
        Job ours = acme.run(MappingXml.create(unique("Acme Job")).key("EMAIL", 9).map("EMAIL"), "Email\na@example.org\n");
        long missing = 987_654_323L;

        // when globex asks for it, and for a job that does not exist
        Reply foreign = globex.statusReply(ours.id());
        Reply none = globex.statusReply(missing);

        // then
        assertEquals("false", foreign.success(), foreign.body());
        assertEquals(none.body().replace(String.valueOf(missing), "N"), foreign.body().replace(String.valueOf(ours.id()), "N"));
    }

    @Test
    void anOrganizationCannotImportAnotherOrganizationsUploadedFileNorReadItsResultFiles() {
        // given globex uploaded a file and ran a job
        String theirFile = globex.upload(unique("globex-only") + ".csv", "Email\nsecret@globex.example.com\n");
        Job theirJob = globex.run(MappingXml.create(unique("Globex Files")).key("EMAIL", 9).map("EMAIL"),
                "Email\nsecret@globex.example.com\n");

        // when acme names that file, and looks for the job's result files
        Reply reply = acme.importListReply(createMapping(), theirFile, null);

        // then
        assertFault(reply, "SOURCE_FILE", theirFile);
        assertFalse(globex.download(theirJob.id() + ".res") == null, "globex sees its own result file");
        assertNull(acme.download(theirJob.id() + ".res"), "acme does not see globex's result file");
    }
}
