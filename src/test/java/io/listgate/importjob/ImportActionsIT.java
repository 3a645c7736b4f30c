package io.listgate.importjob;

import static io.listgate.support.ImportSteps.sample;
import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.config.ListGateConfig;
import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * ImportList end to end for every ACTION, SYNC_FIELDS, no-unique-identifier databases, contact
 * lists and MD5 emails: FTP upload, ImportList, GetJobStatus until the end, then the contact rows.
 */
class ImportActionsIT {

    private final ImportSteps acme = ImportSteps.acme();

    /** The sample CREATE (create_db_map.xml + subscribers.csv) under a name of this test's own. */
    private long subscribersDatabase() {
        String mapping = sample("create_db_map.xml").replace("Newsletter Subscribers", unique("Subscribers"));
        Job job = acme.run(mapping, sample("subscribers.csv").getBytes(StandardCharsets.UTF_8), null);
        job.assertComplete("TOTAL_ROWS", 7, "TOTAL_VALID", 6, "SQL_ADDED", 5, "DUPLICATES", 1, "BAD_ADDRESSES", 1);
        return job.listId();
    }

    private static String md5(String text) throws Exception {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest));
    }

    @Test
    void createMakesTheDatabaseAndAddsEveryValidRowOnceWithResultFilesInDownload() {
        // given the sample mapping and source file

        // when
        long listId = subscribersDatabase();

        // then
        List<Map<String, String>> contacts = acme.contacts(listId);
        assertEquals(Set.of("ada@example.org", "grace@example.org", "alan@example.org", "linus@example.org",
                "margaret@example.org"), acme.column(listId, "EMAIL"));
        Map<String, String> ada = acme.contact(listId, "ada@example.org");
        assertEquals("Ada", ada.get("First Name"), "the first of two rows with one EMAIL wins");
        assertEquals("C-001", ada.get("Customer Id"));
        assertEquals("1985-12-10", ada.get("Birthday"));
        assertEquals(5, contacts.size());
    }

    @Test
    void resultAndErrorFilesAreNamedInTheParametersAndReadableFromDownload() {
        // given
        String mapping = sample("create_db_map.xml").replace("Newsletter Subscribers", unique("Subscribers"));

        // when
        Job job = acme.run(mapping, sample("subscribers.csv").getBytes(StandardCharsets.UTF_8), null);

        // then
        assertEquals(job.id() + ".res", job.parameters().get("RESULTS_FILE_NAME"));
        assertEquals(job.id() + ".err", job.parameters().get("ERROR_FILE_NAME"));
        String results = acme.download(job.id() + ".res");
        assertNotNull(results, "download/" + job.id() + ".res");
        assertTrue(results.contains("SQL_ADDED: 5") && results.contains("DUPLICATES: 1"), results);
        String errors = acme.download(job.id() + ".err");
        assertNotNull(errors, "download/" + job.id() + ".err");
        assertTrue(errors.contains("4,BAD_EMAIL") && errors.contains("not-an-email"), errors);
        assertTrue(errors.contains("6,DUPLICATE") && errors.contains("ada@example.org"), errors);
    }

    @Test
    void aJobWithoutRejectedRowsWritesNoErrorFile() {
        // given
        MappingXml mapping = MappingXml.create(unique("Clean")).key("EMAIL", 9).map("EMAIL");

        // when
        Job job = acme.run(mapping, "Email\na@example.org\n");

        // then
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1);
        assertNull(job.parameters().get("ERROR_FILE_NAME"));
        assertNull(acme.download(job.id() + ".err"));
        assertNotNull(acme.download(job.id() + ".res"));
    }

    @Test
    void addOnlyAddsNewContactsAndCountsExistingOnesAsDuplicatesWithoutTouchingThem() {
        // given
        long listId = subscribersDatabase();
        MappingXml mapping = MappingXml.into("ADD_ONLY", listId).map("EMAIL", null, "First Name");

        // when
        Job job = acme.run(mapping, sample("updates.csv"));

        // then existing contacts count as duplicates: the file repeats a contact the database has
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_ADDED", 1, "DUPLICATES", 2);
        assertEquals("Ada", acme.contact(listId, "ada@example.org").get("First Name"));
        assertEquals("Newcomer", acme.contact(listId, "new.person@example.org").get("First Name"));
        assertEquals(6, acme.contacts(listId).size());
    }

    @Test
    void systemFieldsEmailTypeOptInDetailsAndOptedInAreTakenFromTheFile() {
        // given
        long listId = subscribersDatabase();
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "EMAIL_TYPE", "OPT_IN_DETAILS", "OPTED_IN");

        // when: one new contact, one update, one bad email type
        Job job = acme.run(mapping, "Email,Type,Details,Opted in\nnew@example.org,1,Signed up at the fair,03/04/2021\n"
                + "ada@example.org,TEXT,Re-confirmed,\nbad@example.org,pdf,x,\n");

        // then
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 2, "SQL_ADDED", 1, "SQL_UPDATED", 1, "BAD_RECORDS", 1);
        Map<String, String> added = acme.contact(listId, "new@example.org");
        assertEquals("1", added.get("EMAIL_TYPE"));
        assertEquals("Signed up at the fair", added.get("OPT_IN_DETAILS"));
        assertEquals("2021-03-04", added.get("OPTED_IN"));
        assertEquals("1", acme.contact(listId, "ada@example.org").get("EMAIL_TYPE"));
        assertEquals("Re-confirmed", acme.contact(listId, "ada@example.org").get("OPT_IN_DETAILS"));
        assertEquals("0", acme.contact(listId, "grace@example.org").get("EMAIL_TYPE"), "untouched contacts keep HTML");
    }

    @Test
    void anUnknownKeyRepeatedInTheFileIsSkippedEachTimeNotCountedAsADuplicate() {
        // given
        long listId = subscribersDatabase();
        MappingXml mapping = MappingXml.into("UPDATE_ONLY", listId).map("EMAIL", "First Name");

        // when: the same unknown address twice, and a known one twice
        Job job = acme.run(mapping, "Email,First Name\nghost@example.org,A\nghost@example.org,B\n"
                + "ada@example.org,First\nada@example.org,Second\n");

        // then the skipped row leaves no trace, so its twin is skipped too; the applied row's twin is a duplicate
        job.assertComplete("TOTAL_ROWS", 4, "TOTAL_VALID", 4, "SKIPPED", 2, "SQL_UPDATED", 1, "DUPLICATES", 1);
        assertEquals("First", acme.contact(listId, "ada@example.org").get("First Name"));
    }

    @Test
    void updateOnlyUpdatesExistingContactsAndSkipsTheRest() {
        // given
        long listId = subscribersDatabase();
        MappingXml mapping = MappingXml.into("UPDATE_ONLY", listId).map("EMAIL", null, "First Name");

        // when
        Job job = acme.run(mapping, sample("updates.csv"));

        // then
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_UPDATED", 2, "SKIPPED", 1);
        assertEquals("Augusta Ada", acme.contact(listId, "ada@example.org").get("First Name"));
        assertEquals("C-001", acme.contact(listId, "ada@example.org").get("Customer Id"), "not mapped: kept");
        assertEquals("Rear Admiral Grace", acme.contact(listId, "grace@example.org").get("First Name"));
        assertEquals(5, acme.contacts(listId).size());
    }

    @Test
    void everyContactOfAManyBatchImportJoinsTheContactListAndNoOtherDoes() {
        // given a database with 3,000 contacts, a contact list, and a file of 1,000 of them and 4,000 new ones
        StringBuilder existing = new StringBuilder("Email\n");
        for (int i = 0; i < 3000; i++) {
            existing.append("member").append(i).append("@example.org\n");
        }
        long listId = acme.createDatabase(MappingXml.create(unique("Batches")).key("EMAIL", 9).map("EMAIL"), existing.toString());
        long contactList = acme.createContactList(listId, unique("Imported"));
        StringBuilder file = new StringBuilder("Email\n");
        Set<String> imported = new HashSet<>();
        for (int i = 2000; i < 7000; i++) {
            file.append("member").append(i).append("@example.org\n");
            imported.add("member" + i + "@example.org");
        }

        // when
        Job job = acme.run(MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL").contactLists(contactList), file.toString());

        // then
        job.assertComplete("TOTAL_ROWS", 5000, "TOTAL_VALID", 5000, "SQL_ADDED", 4000, "SQL_UPDATED", 1000);
        assertEquals(imported, acme.members(listId, contactList));
    }

    @Test
    void addAndUpdateUpdatesExistingAddsTheRestAndPutsEveryImportedContactInTheContactLists() {
        // given a database and two of its contact lists
        long listId = subscribersDatabase();
        long listA = acme.createContactList(listId, unique("List A"));
        long listB = acme.createContactList(listId, unique("List B"));
        String mapping = sample("add_update_map.xml").replace("__LIST_ID__", String.valueOf(listId))
                .replace("__CONTACT_LIST_A__", String.valueOf(listA)).replace("__CONTACT_LIST_B__", String.valueOf(listB));

        // when
        Job job = acme.run(mapping, sample("updates.csv").getBytes(StandardCharsets.UTF_8), null);

        // then
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_ADDED", 1, "SQL_UPDATED", 2);
        assertEquals("Augusta Ada", acme.contact(listId, "ada@example.org").get("First Name"));
        assertEquals("C-001", acme.contact(listId, "ada@example.org").get("Customer Id"), "INCLUDE false: kept");
        assertNull(acme.contact(listId, "new.person@example.org").get("Customer Id"), "INCLUDE false: not imported");
        Set<String> imported = Set.of("ada@example.org", "grace@example.org", "new.person@example.org");
        assertEquals(imported, acme.members(listId, listA));
        assertEquals(imported, acme.members(listId, listB));
    }

    @Test
    void aContactListOfAnotherDatabaseIsRefusedAtCallTime() {
        // given
        long listId = subscribersDatabase();
        long otherDatabase = subscribersDatabase();
        long foreignList = acme.createContactList(otherDatabase, unique("Other"));
        String mapping = MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL").contactLists(foreignList).xml();

        // when
        var reply = acme.submit(mapping, "Email\nx@example.org\n");

        // then
        assertEquals("false", reply.success());
        assertTrue(reply.faultString().contains("CONTACT_LIST_ID " + foreignList), reply.body());
    }

    @Test
    void optOutOptsOutExistingContactsAndIgnoresTheRest() {
        // given
        long listId = subscribersDatabase();
        String mapping = sample("optout_map.xml").replace("__LIST_ID__", String.valueOf(listId));

        // when
        Job job = acme.run(mapping, sample("optouts.tsv").getBytes(StandardCharsets.UTF_8), null);

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "OPTED_OUT", 1, "SKIPPED", 1);
        assertNotNull(acme.contact(listId, "alan@example.org").get("OPTED_OUT"));
        assertNull(acme.contact(listId, "ada@example.org").get("OPTED_OUT"));
        assertEquals(5, acme.contacts(listId).size(), "OPT_OUT never adds");
    }

    @Test
    void anOptedOutContactIsNeverOptedBackInByAnUpdate() {
        // given alan is opted out
        long listId = subscribersDatabase();
        acme.run(sample("optout_map.xml").replace("__LIST_ID__", String.valueOf(listId)),
                sample("optouts.tsv").getBytes(StandardCharsets.UTF_8), null).assertComplete("TOTAL_ROWS", 2,
                "TOTAL_VALID", 2, "OPTED_OUT", 1, "SKIPPED", 1);
        String optedOut = acme.contact(listId, "alan@example.org").get("OPTED_OUT");

        // when an update says he is not opted out
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "First Name", "OPTED_OUT");
        Job job = acme.run(mapping, "Email,First Name,Opted Out\nalan@example.org,Alan M.,no\n");

        // then his other fields change, his opt-out stays
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_UPDATED", 1);
        Map<String, String> alan = acme.contact(listId, "alan@example.org");
        assertEquals("Alan M.", alan.get("First Name"));
        assertEquals(optedOut, alan.get("OPTED_OUT"));
    }

    @Test
    void anImportedOptedOutFieldOptsOutButAnUpdateWithoutItKeepsTheOptOut() {
        // given
        long listId = subscribersDatabase();
        MappingXml optOut = MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "OPTED_OUT");

        // when
        acme.run(optOut, "Email,Opted Out\ngrace@example.org,yes\n").assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1,
                "SQL_UPDATED", 1);
        acme.run(MappingXml.into("UPDATE_ONLY", listId).map("EMAIL", "First Name"), "Email,First\ngrace@example.org,G\n")
                .assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_UPDATED", 1);

        // then
        assertNotNull(acme.contact(listId, "grace@example.org").get("OPTED_OUT"));
    }

    @Test
    void aRowRepeatingAnEarlierRowsEmailInAnyLetterCaseIsADuplicateEvenInALaterBatch() {
        // given more rows than one batch holds, the first and the last with one address
        StringBuilder source = new StringBuilder("Email,First Name\nRepeat@Example.org,First\n");
        for (int i = 0; i < 2500; i++) {
            source.append("filler").append(i).append("@example.org,F\n");
        }
        source.append("repeat@example.org,Last\n");
        MappingXml create = MappingXml.create(unique("Batches")).key("EMAIL", 9).column("First Name", 0)
                .map("EMAIL", "First Name");

        // when
        Job job = acme.run(create, source.toString());

        // then
        job.assertComplete("TOTAL_ROWS", 2502, "TOTAL_VALID", 2502, "SQL_ADDED", 2501, "DUPLICATES", 1);
        assertEquals("First", acme.contact(job.listId(), "repeat@example.org").get("First Name"));
    }

    @Test
    void rowsRepeatingARowOfThePreviousBatchAreDuplicatesWhileThatBatchIsStillBeingWritten() {
        // given a database holding "old" contacts, and a file whose batches each repeat keys of the one before:
        // the next batch's keys are looked up while the previous batch is written
        int batch = ListGateConfig.DEFAULT_IMPORT_BATCH_ROWS;
        StringBuilder existing = new StringBuilder("Email,First Name\n");
        for (int i = 0; i < 3; i++) {
            existing.append("old").append(i).append("@example.org,Old\n");
        }
        long listId = acme.createDatabase(MappingXml.create(unique("Ahead")).key("EMAIL", 9).column("First Name", 0)
                .map("EMAIL", "First Name"), existing.toString());
        StringBuilder source = new StringBuilder("Email,First Name\n");
        for (int row = 1; row <= 3 * batch; row++) {
            int inBatch = (row - 1) % batch;
            int number = (row - 1) / batch;
            if (inBatch == 0 && number > 0) {
                // the first row of batches 2 and 3 repeats the last row of the batch before
                source.append("last").append(number - 1).append("@example.org,Again\n");
            } else if (inBatch == 1) {
                // the second row of each batch updates an old contact; batch 2 and 3 repeat it
                source.append("old0@example.org,Update ").append(number).append('\n');
            } else if (inBatch == batch - 1) {
                source.append("LAST").append(number).append("@example.org,Last\n");
            } else {
                source.append("row").append(row).append("@example.org,Row\n");
            }
        }

        // when
        Job job = acme.run(MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "First Name"), source.toString());

        // then 4 duplicates (two "last" repeats, two repeats of old0); the first row of each key wins
        job.assertComplete("TOTAL_ROWS", 3 * batch, "TOTAL_VALID", 3 * batch, "DUPLICATES", 4,
                "SQL_UPDATED", 1, "SQL_ADDED", 3 * batch - 5);
        assertEquals("Update 0", acme.contact(listId, "old0@example.org").get("First Name"));
        assertEquals("Last", acme.contact(listId, "last0@example.org").get("First Name"));
        assertEquals("Last", acme.contact(listId, "last1@example.org").get("First Name"));
        assertEquals(3 + 3 * batch - 5, acme.contacts(listId).size());
    }

    @Test
    void optOutWithContactListsIsRefusedAtCallTimeSinceOptedOutContactsJoinNoList() {
        // given (the issue says contact lists are "not with OPT_OUT"; the server says so to the script author
        // at call time rather than silently ignoring the section)
        long listId = subscribersDatabase();
        long contactList = acme.createContactList(listId, unique("Not For Opt Outs"));
        String mapping = MappingXml.into("OPT_OUT", listId).map("EMAIL").contactLists(contactList).xml();

        // when
        var reply = acme.submit(mapping, "Email\nada@example.org\n");

        // then
        assertEquals("false", reply.success());
        assertTrue(reply.faultString().contains("CONTACT_LISTS") && reply.faultString().contains("OPT_OUT"), reply.body());
        assertNull(acme.contact(listId, "ada@example.org").get("OPTED_OUT"));
        assertEquals(Set.of(), acme.members(listId, contactList));
    }

    @Test
    void aContactListIsNotADatabaseToImportInto() {
        // given
        long listId = subscribersDatabase();
        long contactList = acme.createContactList(listId, unique("Just A List"));
        String mapping = MappingXml.into("ADD_ONLY", contactList).map("EMAIL").xml();

        // when
        var reply = acme.submit(mapping, "Email\nx@example.org\n");

        // then
        assertEquals("false", reply.success());
        assertTrue(reply.faultString().contains("LIST_ID " + contactList), reply.body());
    }

    @Test
    void listVisibilityInANonCreateMappingIsIgnoredAsSomeWritersAlwaysSendOne() {
        // given a private database
        long listId = subscribersDatabase();
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).info("LIST_VISIBILITY", "1").map("EMAIL");

        // when
        Job job = acme.run(mapping, "Email\nvisible@example.org\n");

        // then
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1);
        assertEquals("0", acme.query("SELECT visibility FROM contact_list WHERE id = ?", listId).get(0)[0]);
    }

    // ---- SYNC_FIELDS

    /** A database without a unique identifier where two contacts share member number M1. */
    private long membersDatabase() {
        MappingXml create = MappingXml.create(unique("Members")).column("Member No", 0).column("Tier", 0)
                .map("EMAIL", "Member No", "Tier");
        return acme.createDatabase(create, "Email,Member,Tier\na@example.org,M1,gold\nb@example.org,M1,silver\n"
                + "c@example.org,M2,bronze\n");
    }

    @Test
    void syncFieldsMatchingOneContactUpdateIt() {
        // given
        long listId = membersDatabase();
        MappingXml mapping = MappingXml.into("UPDATE_ONLY", listId).map("Member No", "Tier").sync("Member No");

        // when
        Job job = acme.run(mapping, "Member,Tier\nM2,diamond\nM9,none\n");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_UPDATED", 1, "SKIPPED", 1);
        assertEquals("diamond", acme.contact(listId, "c@example.org").get("Tier"));
        assertEquals("gold", acme.contact(listId, "a@example.org").get("Tier"));
    }

    @Test
    void syncFieldsMatchingSeveralContactsUpdateAllOfThemAndCountTheRowOnce() {
        // given
        long listId = membersDatabase();
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).map("Member No", "Tier").sync("Member No");

        // when
        Job job = acme.run(mapping, "Member,Tier\nM1,platinum\n");

        // then
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_UPDATED", 1);
        assertEquals("platinum", acme.contact(listId, "a@example.org").get("Tier"));
        assertEquals("platinum", acme.contact(listId, "b@example.org").get("Tier"));
        assertEquals("bronze", acme.contact(listId, "c@example.org").get("Tier"));
        assertEquals(3, acme.contacts(listId).size());
    }

    @Test
    void optOutBySyncFieldsOptsOutEveryMatchingContact() {
        // given
        long listId = membersDatabase();
        MappingXml mapping = MappingXml.into("OPT_OUT", listId).map("Member No").sync("Member No");

        // when
        Job job = acme.run(mapping, "Member\nM1\n");

        // then
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "OPTED_OUT", 1);
        assertNotNull(acme.contact(listId, "a@example.org").get("OPTED_OUT"));
        assertNotNull(acme.contact(listId, "b@example.org").get("OPTED_OUT"));
        assertNull(acme.contact(listId, "c@example.org").get("OPTED_OUT"));
    }

    @Test
    void syncFieldsOnTwoColumnsMatchOnBoth() {
        // given
        long listId = membersDatabase();
        MappingXml mapping = MappingXml.into("UPDATE_ONLY", listId).map("Member No", "Tier", "EMAIL")
                .sync("Member No", "Tier");

        // when
        Job job = acme.run(mapping, "Member,Tier,Email\nM1,silver,b.new@example.org\n");

        // then
        job.assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_UPDATED", 1);
        assertEquals(Set.of("a@example.org", "b.new@example.org", "c@example.org"), acme.column(listId, "EMAIL"));
    }

    @Test
    void aDatabaseKeyedOnOneColumnMatchesOnItWithoutSyncFields() {
        // given
        MappingXml create = MappingXml.create(unique("Customer Keyed")).key("Customer Id", 0).column("Name", 0)
                .map("Customer Id", "Name", "EMAIL");
        long listId = acme.createDatabase(create, "Id,Name,Email\nC-1,Ann,ann@example.org\nC-2,Bob,bob@example.org\n");
        MappingXml update = MappingXml.into("ADD_AND_UPDATE", listId).map("Customer Id", "Name");

        // when
        Job job = acme.run(update, "Id,Name\nc-1,Anne\nC-3,Cy\nC-3,Cyril\n");

        // then key values match regardless of letter case, like EMAIL
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_ADDED", 1, "SQL_UPDATED", 1, "DUPLICATES", 1);
        assertEquals("Anne", acme.contact(listId, "ann@example.org").get("Name"));
        assertEquals(Set.of("Anne", "Bob", "Cy"), acme.column(listId, "Name"));
    }

    @Test
    void aNonCreateImportAddsTheColumnsItsMappingDefines() {
        // given
        long listId = subscribersDatabase();
        MappingXml mapping = MappingXml.into("UPDATE_ONLY", listId).column("Score", 2).map("EMAIL", "Score");

        // when
        Job job = acme.run(mapping, "Email,Score\nada@example.org,42\ngrace@example.org,lots\n");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 1, "SQL_UPDATED", 1, "BAD_RECORDS", 1);
        assertEquals("42", acme.contact(listId, "ada@example.org").get("Score"));
        assertNull(acme.contact(listId, "linus@example.org").get("Score"));
    }

    @Test
    void useRecipientIdUpdatesByRecipientIdAndCannotAddUnknownOnes() {
        // given
        long listId = membersDatabase();
        String recipientId = acme.contact(listId, "c@example.org").get("RECIPIENT_ID");
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).info("USE_RECIPIENT_ID", "true")
                .map("RECIPIENT_ID", "Tier");

        // when
        Job job = acme.run(mapping, "Id,Tier\n" + recipientId + ",steel\n987654321,none\n");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_UPDATED", 1, "NOT_ALLOWED", 1);
        assertEquals("steel", acme.contact(listId, "c@example.org").get("Tier"));
        assertEquals(3, acme.contacts(listId).size());
    }

    @Test
    void aNewRowWhoseEmailAnEmailKeyedDatabaseAlreadyHasUnderOtherSyncFieldsIsADuplicateNotAFailedJob() {
        // given an EMAIL-keyed database, matched here on Customer Id instead
        long listId = subscribersDatabase();
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).map("EMAIL", "Customer Id", "First Name")
                .sync("Customer Id");

        // when a row with an unknown Customer Id brings an address the database has, a row of a known Customer Id
        // brings another contact's address, and two new rows share one address
        Job job = acme.run(mapping, "Email,Customer Id,First Name\nada@example.org,C-999,Imposter\n"
                + "grace@example.org,C-001,Ada Lovelace\nnew@example.org,C-500,New\nNEW@example.org,C-501,Newer\n");

        // then the EMAIL key holds: no second ada, ada keeps her address, one new contact
        job.assertComplete("TOTAL_ROWS", 4, "TOTAL_VALID", 4, "SQL_ADDED", 1, "SQL_UPDATED", 1, "DUPLICATES", 2);
        assertEquals("Ada Lovelace", acme.contact(listId, "ada@example.org").get("First Name"));
        assertEquals("C-001", acme.contact(listId, "ada@example.org").get("Customer Id"));
        assertEquals("Grace", acme.contact(listId, "grace@example.org").get("First Name"));
        assertEquals("C-500", acme.contact(listId, "new@example.org").get("Customer Id"));
    }

    @Test
    void aNewRowRepeatingTheKeyColumnsOfAColumnKeyedDatabaseUnderOtherSyncFieldsIsADuplicateNotAFailedJob() {
        // given a database keyed on Customer Id, matched here on Name
        MappingXml create = MappingXml.create(unique("Customer Keyed Sync")).key("Customer Id", 0).column("Name", 0)
                .map("Customer Id", "Name");
        long listId = acme.createDatabase(create, "Id,Name\nC-1,Ann\n");
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).map("Customer Id", "Name").sync("Name");

        // when
        Job job = acme.run(mapping, "Id,Name\nC-1,Someone Else\nC-2,Bob\n");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 1, "DUPLICATES", 1);
        assertEquals(Set.of("Ann", "Bob"), acme.column(listId, "Name"));
    }

    // ---- no unique identifier

    @Test
    void createWithoutAnyKeyAddsEveryRowEvenRepeatedOnes() {
        // given
        MappingXml create = MappingXml.create(unique("No Key")).column("Name", 0).map("EMAIL", "Name");

        // when
        Job job = acme.run(create, "Email,Name\nsame@example.org,One\nsame@example.org,Two\nsame@example.org,One\n");

        // then
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_ADDED", 3);
        assertEquals(3, acme.contacts(job.listId()).size());
        assertEquals(3, acme.contacts(job.listId()).stream().map(c -> c.get("RECIPIENT_ID")).distinct().count(),
                "each contact has its own RECIPIENT_ID");
    }

    @Test
    void createWithoutAnyKeyButWithSyncFieldsRejectsRowsRepeatingAnEarlierRowsSyncFields() {
        // given
        MappingXml create = MappingXml.create(unique("No Key Sync")).column("Name", 0).map("EMAIL", "Name").sync("Name");

        // when
        Job job = acme.run(create, "Email,Name\none@example.org,One\ntwo@example.org,Two\nthree@example.org,One\n");

        // then
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_ADDED", 2, "DUPLICATES", 1);
        assertEquals(Set.of("one@example.org", "two@example.org"), acme.column(job.listId(), "EMAIL"));
    }

    @Test
    void addOnlyWithSyncFieldsOnANoKeyDatabaseRejectsRowsMatchingAnEarlierRowOrAnExistingContact() {
        // given
        long listId = membersDatabase();
        MappingXml mapping = MappingXml.into("ADD_ONLY", listId).map("EMAIL", "Member No").sync("Member No");

        // when
        Job job = acme.run(mapping, "Email,Member\nd@example.org,M3\ne@example.org,M3\nf@example.org,M2\n");

        // then
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_ADDED", 1, "DUPLICATES", 2);
        assertEquals(Set.of("a@example.org", "b@example.org", "c@example.org", "d@example.org"),
                acme.column(listId, "EMAIL"));
    }

    @Test
    void addOnlyWithoutSyncFieldsOnANoKeyDatabaseAddsEveryRow() {
        // given
        long listId = membersDatabase();
        MappingXml mapping = MappingXml.into("ADD_ONLY", listId).map("EMAIL", "Member No");

        // when
        Job job = acme.run(mapping, "Email,Member\na@example.org,M1\na@example.org,M1\n");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 2);
        assertEquals(5, acme.contacts(listId).size());
    }

    // ---- MD5

    @Test
    void optOutByMd5EncodedEmailOptsOutTheContact() throws Exception {
        // given
        long listId = subscribersDatabase();
        MappingXml mapping = MappingXml.into("OPT_OUT", listId).info("ENCODED_AS_MD5", "true").map("EMAIL");

        // when, with the hash of the address in another letter case
        Job job = acme.run(mapping, "Email\n" + md5("grace@example.org").toUpperCase() + "\n" + md5("nobody@example.org")
                + "\n");

        // then
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "OPTED_OUT", 1, "SKIPPED", 1);
        assertNotNull(acme.contact(listId, "grace@example.org").get("OPTED_OUT"));
        assertNull(acme.contact(listId, "ada@example.org").get("OPTED_OUT"));
    }

    @Test
    void addingAContactFromAnMd5EncodedEmailIsNotAllowedWhileUpdatingOneIs() throws Exception {
        // given
        long listId = subscribersDatabase();
        MappingXml mapping = MappingXml.into("ADD_AND_UPDATE", listId).info("ENCODED_AS_MD5", "true")
                .map("EMAIL", "First Name");

        // when
        Job job = acme.run(mapping, "Email,First\n" + md5("ada@example.org") + ",Countess\n"
                + md5("stranger@example.org") + ",Stranger\nnot-a-hash,Broken\n");

        // then
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 2, "SQL_UPDATED", 1, "NOT_ALLOWED", 1, "BAD_ADDRESSES", 1);
        assertEquals("Countess", acme.contact(listId, "ada@example.org").get("First Name"));
        assertEquals(5, acme.contacts(listId).size());
        assertTrue(acme.download(job.id() + ".err").contains("NOT_ALLOWED"));
    }
}
