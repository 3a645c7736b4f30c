package io.listgate.importjob;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The two engine actions beyond the vendor's: DELETE, and contact lists synced to the file. */
class ImportDeleteAndSyncIT {

    private final ImportSteps acme = ImportSteps.acme();

    private long database(String... emails) {
        return acme.createDatabase(MappingXml.create(unique("Deletes")).key("EMAIL", 0).column("Name", 0)
                .map("EMAIL", "Name"), "Email,Name\n" + String.join(",x\n", emails) + ",x\n");
    }

    @Test
    void deleteRemovesTheMatchedContactsWithTheirMembershipsSkipsUnknownOnesAndCountsThem() {
        // given a database of three contacts, two of them in a contact list
        long db = database("ann@example.org", "bob@example.org", "cy@example.org");
        long list = acme.createContactList(db, unique("Members"));
        acme.run(MappingXml.into("ADD_AND_UPDATE", db).map("EMAIL").contactLists(list), "Email\nann@example.org\nbob@example.org\n")
                .assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_UPDATED", 2);

        // when a DELETE names two of them (one in another case), one twice, and one unknown address
        Job job = acme.run(MappingXml.into("DELETE", db).map("EMAIL"),
                "Email\nANN@example.org\ncy@example.org\nann@example.org\nnobody@example.org\n");

        // then
        job.assertComplete("TOTAL_ROWS", 4, "TOTAL_VALID", 4, "SQL_DELETED", 2, "DUPLICATES", 1, "SKIPPED", 1);
        assertEquals(Set.of("bob@example.org"), acme.column(db, "EMAIL"));
        assertEquals(Set.of("bob@example.org"), acme.members(db, list));
        assertEquals("0", acme.status(job.id()).parameters().get("SQL_ADDED"));
    }

    @Test
    void everyJobReportsSqlDeletedAndListRemovedEvenWhenZero() {
        long db = database("ann@example.org");

        Job job = acme.run(MappingXml.into("ADD_AND_UPDATE", db).map("EMAIL"), "Email\nnew@example.org\n");

        assertEquals("0", job.parameters().get("SQL_DELETED"));
        assertEquals("0", job.parameters().get("LIST_REMOVED"));
    }

    @Test
    void deleteWithoutAKeyToFindContactsIsRefusedAtCallTime() {
        // given a database without a unique key, and a DELETE that maps no EMAIL
        long db = acme.createDatabase(MappingXml.create(unique("Keyless")).column("Name", 0).map("Name"), "Name\nAnn\n");

        // when
        var reply = acme.submit(MappingXml.into("DELETE", db).map("Name").xml(), "Name\nAnn\n");

        // then
        assertEquals("false", reply.success());
        assertTrue(reply.faultString().contains("ACTION DELETE needs a key"), reply.body());
    }

    @Test
    void deleteWithContactListsIsRefusedWithTheLineOfTheMapping() {
        long db = database("ann@example.org");
        long list = acme.createContactList(db, unique("Members"));

        var reply = acme.submit(MappingXml.into("DELETE", db).map("EMAIL").contactLists(list).xml(), "Email\nann@example.org\n");

        assertEquals("false", reply.success());
        assertTrue(reply.faultString().contains("CONTACT_LISTS cannot go with ACTION DELETE"), reply.body());
    }

    @Test
    void listSyncLeavesEachContactListWithExactlyTheFilesContactsAndKeepsTheOthersInTheDatabase() {
        // given a database of four contacts, all of them in two contact lists
        long db = database("ann@example.org", "bob@example.org", "cy@example.org", "dee@example.org");
        long listA = acme.createContactList(db, unique("A"));
        long listB = acme.createContactList(db, unique("B"));
        acme.run(MappingXml.into("ADD_AND_UPDATE", db).map("EMAIL").contactLists(listA, listB),
                "Email\nann@example.org\nbob@example.org\ncy@example.org\ndee@example.org\n")
                .assertComplete("TOTAL_ROWS", 4, "TOTAL_VALID", 4, "SQL_UPDATED", 4);

        // when a synced ADD_AND_UPDATE names two of them and a new one
        Job job = acme.run(MappingXml.into("ADD_AND_UPDATE", db).map("EMAIL").contactLists(listA, listB)
                .info("SYNC_CONTACT_LISTS", "true"), "Email\nbob@example.org\nnew@example.org\ndee@example.org\n");

        // then each list holds exactly the file's contacts; the database keeps everyone
        job.assertComplete("TOTAL_ROWS", 3, "TOTAL_VALID", 3, "SQL_ADDED", 1, "SQL_UPDATED", 2,
                "LIST_REMOVED", 4);
        Set<String> file = Set.of("bob@example.org", "new@example.org", "dee@example.org");
        assertEquals(file, acme.members(db, listA));
        assertEquals(file, acme.members(db, listB));
        assertEquals(5, acme.column(db, "EMAIL").size());
    }

    @Test
    void listSyncOfAnAddOnlyKeepsTheFilesExistingContactsInTheList() {
        // given a list holding ann and bob
        long db = database("ann@example.org", "bob@example.org");
        long list = acme.createContactList(db, unique("A"));
        acme.run(MappingXml.into("ADD_AND_UPDATE", db).map("EMAIL").contactLists(list), "Email\nann@example.org\nbob@example.org\n");

        // when an ADD_ONLY synced to the list names ann (existing) and a new contact
        Job job = acme.run(MappingXml.into("ADD_ONLY", db).map("EMAIL").contactLists(list).info("SYNC_CONTACT_LISTS", "true"),
                "Email\nann@example.org\nnew@example.org\n");

        // then ann is a duplicate of the database but stays a member; bob leaves the list
        job.assertComplete("TOTAL_ROWS", 2, "TOTAL_VALID", 2, "SQL_ADDED", 1, "DUPLICATES", 1, "LIST_REMOVED", 1);
        assertEquals(Set.of("ann@example.org", "new@example.org"), acme.members(db, list));
    }

    @Test
    void listSyncOverManyBatchesRemovesOnlyMembersTheFileDoesNotName() {
        // given 6,000 members, and a file naming the even ones over several batches
        StringBuilder all = new StringBuilder("Email\n");
        StringBuilder even = new StringBuilder("Email\n");
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 6000; i++) {
            all.append("m").append(i).append("@example.org\n");
            if (i % 2 == 0) {
                even.append("m").append(i).append("@example.org\n");
                expected.add("m" + i + "@example.org");
            }
        }
        long db = acme.createDatabase(MappingXml.create(unique("Synced")).key("EMAIL", 0).map("EMAIL"), all.toString());
        long list = acme.createContactList(db, unique("All"));
        acme.run(MappingXml.into("ADD_AND_UPDATE", db).map("EMAIL").contactLists(list), all.toString());

        // when
        Job job = acme.run(MappingXml.into("UPDATE_ONLY", db).map("EMAIL").contactLists(list)
                .info("SYNC_CONTACT_LISTS", "true"), even.toString());

        // then
        job.assertComplete("TOTAL_ROWS", 3000, "TOTAL_VALID", 3000, "SQL_UPDATED", 3000, "LIST_REMOVED", 3000);
        assertEquals(expected, acme.members(db, list));
    }

    @Test
    void syncWithoutContactListsIsAMappingError() {
        long db = database("ann@example.org");

        var reply = acme.submit(MappingXml.into("ADD_AND_UPDATE", db).map("EMAIL").info("SYNC_CONTACT_LISTS", "true").xml(),
                "Email\nann@example.org\n");

        assertEquals("false", reply.success());
        assertTrue(reply.faultString().contains("SYNC_CONTACT_LISTS needs CONTACT_LISTS"), reply.body());
    }
}
