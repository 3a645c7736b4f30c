package io.listgate.importjob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.contacts.ConsentChannel;
import io.listgate.contacts.ContactList;
import io.listgate.contacts.ContactStore;
import io.listgate.contacts.KeyKind;
import io.listgate.contacts.ListColumn;
import io.listgate.contacts.MatchKey;
import io.listgate.contacts.StoredContact;
import io.listgate.mapping.MappingParser;
import io.listgate.support.MappingXml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The decision rules ImportList documents, one batch at a time and without a database. */
class BatchDeciderTest {

    private static final long JOB = 7;
    private static final LocalDateTime NOW = LocalDateTime.of(2026, 12, 2, 10, 0);
    private static final ListColumn NAME = new ListColumn(3, 1, "Name", ListColumn.TEXT, false, false, null, null, "c1", false);
    private static final ListColumn CUSTOMER = new ListColumn(3, 1, "Customer", ListColumn.TEXT, true, true, null, null,
            "c1", false);
    private static final ListColumn CODE = new ListColumn(3, 2, "Code", ListColumn.TEXT, false, false, null, null, "c2",
            true);

    /** A plan for an EMAIL-keyed database 3 with a Name column, and the action given. */
    private static ImportPlan emailPlan(MappingXml mapping) {
        return plan(mapping, KeyKind.EMAIL, List.of(NAME));
    }

    private static ImportPlan plan(MappingXml mapping, KeyKind kind, List<ListColumn> columns) {
        ContactList database = new ContactList(3, 1, null, "Customers", ContactList.DATABASE, 0, null, kind, null, NOW, NOW);
        return new ImportPlan(new MappingParser().parse(new ByteArrayInputStream(mapping.xml().getBytes(StandardCharsets.UTF_8)),
                "map.xml"), database, columns);
    }

    /** Validates rows of two fields each, numbered from {@code first}. */
    private static List<RowOutcome> rows(ImportPlan plan, long first, String... rows) {
        RowValidator validator = new RowValidator(plan, NOW);
        List<RowOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            List<String> fields = Arrays.asList(rows[i].split(",", -1));
            outcomes.add(validator.validate(first + i, fields, fields.size()));
        }
        return outcomes;
    }

    private static BatchDecider.Lookup found(Map<String, List<StoredContact>> byKey) {
        Map<MatchKey, List<StoredContact>> matches = new HashMap<>();
        byKey.forEach((key, contacts) -> matches.put(MatchKey.of(key), contacts));
        return new BatchDecider.Lookup(matches, Set.of());
    }

    private static StoredContact contact(long id) {
        return new StoredContact(id, false, null, null, null, null, null);
    }

    private static BatchDecider.Decision decide(ImportPlan plan, List<RowOutcome> rows, BatchDecider.Lookup lookup) {
        return new BatchDecider(plan, JOB).decide(rows, lookup, Set.of(), new Counters());
    }

    private static void assertCountsAddUp(Counters c) {
        assertEquals(c.get(Counter.TOTAL_ROWS), c.get(Counter.TOTAL_VALID) + c.get(Counter.BAD_ADDRESSES)
                + c.get(Counter.BAD_RECORDS));
        assertEquals(c.get(Counter.TOTAL_VALID), c.get(Counter.SQL_ADDED) + c.get(Counter.SQL_UPDATED)
                + c.get(Counter.OPTED_OUT) + c.get(Counter.DUPLICATES) + c.get(Counter.NOT_ALLOWED)
                + c.get(Counter.SKIPPED) + c.get(Counter.SQL_DELETED));
    }

    private static List<RowError.Reason> reasons(BatchDecider.Decision d) {
        return d.errors().stream().map(RowError::reason).toList();
    }

    @Test
    void createAddsNewRowsAndCallsARepeatedKeyADuplicateWhateverItsCase() {
        ImportPlan plan = emailPlan(MappingXml.create("Customers").key("EMAIL", 0).column("Name", 0).map("EMAIL", "Name"));

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "ann@example.com,Ann", "ANN@example.com,Ann again",
                "bob@example.com,Bob"), BatchDecider.Lookup.NOTHING);

        assertEquals(List.of(1L, 3L), d.inserts().stream().map(ContactStore.NewContact::jobRow).toList());
        assertEquals(List.of(RowError.Reason.DUPLICATE), reasons(d));
        assertEquals(2, d.after().get(Counter.SQL_ADDED));
        assertEquals(1, d.after().get(Counter.DUPLICATES));
        assertEquals(Set.of(MatchKey.of("ann@example.com"), MatchKey.of("bob@example.com")), d.applied());
        assertCountsAddUp(d.after());
    }

    @Test
    void addOnlyRefusesARowWhoseContactExistsAsExistsAndKeepsNothingWithoutListSync() {
        ImportPlan plan = emailPlan(MappingXml.into("ADD_ONLY", 3).map("EMAIL", "Name"));

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "ann@example.com,Ann"),
                found(Map.of("ann@example.com", List.of(contact(11)))));

        assertTrue(d.inserts().isEmpty());
        assertEquals(List.of(RowError.Reason.EXISTS), reasons(d));
        assertTrue(d.keptMembers().isEmpty());
        assertCountsAddUp(d.after());
    }

    @Test
    void withListSyncAnExistingContactOfTheFileStaysInTheContactLists() {
        ImportPlan plan = emailPlan(MappingXml.into("ADD_ONLY", 3).map("EMAIL", "Name").contactLists(9)
                .info("SYNC_CONTACT_LISTS", "true"));

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "ann@example.com,Ann"),
                found(Map.of("ann@example.com", List.of(contact(11)))));

        assertEquals(List.of(11L), d.keptMembers());
    }

    @Test
    void addAndUpdateUpdatesEveryMatchedContactOnceCountedAndAddsTheRest() {
        ImportPlan plan = plan(MappingXml.into("ADD_AND_UPDATE", 3).map("EMAIL", "Name"), KeyKind.NONE, List.of(NAME));

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "ann@example.com,Ann", "new@example.com,New"),
                found(Map.of("ann@example.com", List.of(contact(11), contact(12)))));

        assertEquals(List.of(11L, 12L), d.rewrites().stream().map(ContactStore.Rewrite::recipientId).toList());
        assertEquals("Ann", d.rewrites().get(0).values()[0]);
        assertEquals(1, d.after().get(Counter.SQL_UPDATED));
        assertEquals(1, d.after().get(Counter.SQL_ADDED));
        assertCountsAddUp(d.after());
    }

    @Test
    void anUpdateNeverChangesAKeyColumnOrAKeptEmail() {
        ImportPlan plan = plan(MappingXml.into("UPDATE_ONLY", 3).map("Customer", "EMAIL"), KeyKind.COLUMNS,
                List.of(CUSTOMER));

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "C-1,ann@example.com"),
                found(Map.of("C-1", List.of(contact(11)))));

        ContactStore.Rewrite r = d.rewrites().get(0);
        assertNull(r.values()[0], "the key column is not rewritten");
        assertEquals("ann@example.com", r.email(), "a database keyed on columns may get an address from the file");
    }

    @Test
    void updateOnlyOptOutAndDeleteSkipRowsMatchingNoContact() {
        for (String action : List.of("UPDATE_ONLY", "OPT_OUT", "DELETE")) {
            ImportPlan plan = emailPlan(MappingXml.into(action, 3).map("EMAIL", "Name"));

            BatchDecider.Decision d = decide(plan, rows(plan, 1, "nobody@example.com,No"), BatchDecider.Lookup.NOTHING);

            assertEquals(1, d.after().get(Counter.SKIPPED), action);
            assertTrue(d.rewrites().isEmpty() && d.deletes().isEmpty() && d.inserts().isEmpty(), action);
            assertCountsAddUp(d.after());
        }
    }

    @Test
    void optOutDatesTheContactAndKeepsItsValuesAndConsent() {
        ImportPlan plan = emailPlan(MappingXml.into("OPT_OUT", 3).map("EMAIL", "Name"));
        StoredContact stored = new StoredContact(11, false, null, null, "OPTED-IN", "2026-01-01 00:00:00.000", "web");

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "ann@example.com,Ann"), found(Map.of("ann@example.com",
                List.of(stored))));

        ContactStore.Rewrite r = d.rewrites().get(0);
        assertTrue(r.optOut());
        assertNull(r.values()[0]);
        assertEquals("OPTED-IN", r.consentStatus());
        assertEquals("web", r.consentSource());
        assertEquals(1, d.after().get(Counter.OPTED_OUT));
    }

    @Test
    void optInRewritesTheMatchedContactsAsTheyAreAndCountsThemUpdated() {
        ImportPlan plan = emailPlan(MappingXml.into("OPT_IN", 3).map("EMAIL"));
        StoredContact stored = new StoredContact(11, true, null, null, "OPTED-IN", "2026-01-01 00:00:00.000", "web");

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "ann@example.com", "nobody@example.com"),
                found(Map.of("ann@example.com", List.of(stored))));

        ContactStore.Rewrite r = d.rewrites().get(0);
        assertEquals(11, r.recipientId());
        assertEquals("web", r.consentSource());
        assertTrue(!r.optOut() && r.email() == null && r.emailType() == null);
        assertEquals(1, d.after().get(Counter.SQL_UPDATED));
        assertEquals(1, d.after().get(Counter.SKIPPED));
        assertCountsAddUp(d.after());
    }

    @Test
    void deleteDeletesEveryMatchedContactCountsTheRowOnceAndCallsARepeatADuplicate() {
        ImportPlan plan = emailPlan(MappingXml.into("DELETE", 3).map("EMAIL"));

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "ann@example.com", "ann@example.com", "bob@example.com"),
                found(Map.of("ann@example.com", List.of(contact(11), contact(12)))));

        assertEquals(List.of(11L, 12L), d.deletes());
        assertEquals(1, d.after().get(Counter.SQL_DELETED));
        assertEquals(1, d.after().get(Counter.DUPLICATES));
        assertEquals(1, d.after().get(Counter.SKIPPED));
        assertCountsAddUp(d.after());
    }

    @Test
    void aKeyThePreviousBatchAppliedOrThisJobWroteFromAnEarlierRowIsADuplicate() {
        ImportPlan plan = emailPlan(MappingXml.into("ADD_AND_UPDATE", 3).map("EMAIL", "Name"));
        BatchDecider decider = new BatchDecider(plan, JOB);
        StoredContact writtenByThisJob = new StoredContact(11, false, JOB, 5L, null, null, null);

        BatchDecider.Decision d = decider.decide(rows(plan, 10, "prev@example.com,P", "ann@example.com,Ann"),
                found(Map.of("ann@example.com", List.of(writtenByThisJob))), Set.of(MatchKey.of("PREV@example.com")),
                new Counters());

        assertEquals(List.of(RowError.Reason.DUPLICATE, RowError.Reason.DUPLICATE), reasons(d));
        assertTrue(d.rewrites().isEmpty() && d.inserts().isEmpty());
    }

    @Test
    void aRowSkippedOrRefusedLeavesNoTraceSoItsTwinIsJudgedAgainNotAsADuplicate() {
        ImportPlan plan = emailPlan(MappingXml.into("UPDATE_ONLY", 3).map("EMAIL", "Name"));

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "nobody@example.com,A", "nobody@example.com,B"),
                BatchDecider.Lookup.NOTHING);

        assertEquals(2, d.after().get(Counter.SKIPPED));
        assertTrue(d.errors().isEmpty());
    }

    @Test
    void aRecipientIdMatchingNoContactIsNotAllowedToAddOne() {
        ImportPlan plan = plan(MappingXml.into("ADD_AND_UPDATE", 3).info("USE_RECIPIENT_ID", "true")
                .map("RECIPIENT_ID", "Name"), KeyKind.NONE, List.of(NAME));

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "404,Ann"), BatchDecider.Lookup.NOTHING);

        assertEquals(List.of(RowError.Reason.NOT_ALLOWED), reasons(d));
        assertEquals(1, d.after().get(Counter.NOT_ALLOWED));
        assertCountsAddUp(d.after());
    }

    @Test
    void aNewRowMatchedOnSyncFieldsMustNotRepeatTheDatabasesUniqueKey() {
        ImportPlan plan = plan(MappingXml.into("ADD_AND_UPDATE", 3).map("EMAIL", "Code").sync("Code"), KeyKind.EMAIL,
                List.of(NAME, CODE));
        BatchDecider decider = new BatchDecider(plan, JOB);
        List<RowOutcome> batch = rows(plan, 1, "taken@example.com,X1", "free@example.com,X2", "FREE@example.com,X3");
        assertTrue(decider.checksUniqueKeys());
        assertEquals(3, decider.uniqueKeys(batch).size() + 1, "the unique keys are folded like the index folds them");

        BatchDecider.Decision d = decider.decide(batch, new BatchDecider.Lookup(Map.of(),
                Set.of(MatchKey.of("taken@example.com"))), Set.of(), new Counters());

        assertEquals(List.of(2L), d.inserts().stream().map(ContactStore.NewContact::jobRow).toList());
        assertEquals(List.of(RowError.Reason.EXISTS, RowError.Reason.EXISTS), reasons(d));
    }

    @Test
    void consentHonoursAStoredOptOutWhenTheSectionSaysSo() {
        ImportPlan plan = emailPlan(MappingXml.into("UPDATE_ONLY", 3).map("EMAIL", "CONSENT_STATUS_CODE")
                .consent("true", null));
        StoredContact optedOut = new StoredContact(11, false, null, null, "OPTED-OUT", "2026-01-01 00:00:00.000", "sms");

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "ann@example.com,OPTED-IN"),
                found(Map.of("ann@example.com", List.of(optedOut))));

        assertEquals("OPTED-OUT", d.rewrites().get(0).consentStatus());
        assertEquals("2026-01-01 00:00:00.000", d.rewrites().get(0).consentDate(), "no change, no new date");
    }

    @Test
    void rejectedRowsAreCountedByKindAndEveryRowExactlyOnce() {
        ImportPlan plan = emailPlan(MappingXml.into("ADD_AND_UPDATE", 3).map("EMAIL", "Name"));

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "not-an-address,A", ",B", "ok@example.com,C"),
                BatchDecider.Lookup.NOTHING);

        assertEquals(2, d.after().get(Counter.BAD_ADDRESSES));
        assertEquals(3, d.after().get(Counter.TOTAL_ROWS));
        assertEquals(1, d.after().get(Counter.TOTAL_VALID));
        assertCountsAddUp(d.after());
    }

    @Test
    void aChannelOptOutMatchesPhoneDigitsSetsOnlyThatChannelsConsentAndRejectsUnknownNumbers() {
        // given an EMAIL-keyed database with a mobile column, and the optoutSMS mapping matching on it
        ListColumn mobile = new ListColumn(3, 1, "Mobile", ListColumn.SMS_PHONE, false, false, null, null, "c1", false);
        ContactList database = new ContactList(3, 1, null, "Customers", ContactList.DATABASE, 0, null, KeyKind.EMAIL, null, NOW,
                NOW);
        MappingXml mapping = MappingXml.into("OPT_OUT", 3).map("Mobile").sync("Mobile");
        ImportPlan plan = new ImportPlan(new MappingParser().parse(new ByteArrayInputStream(mapping.xml().getBytes(
                StandardCharsets.UTF_8)), "map.xml"), database, List.of(mobile), ConsentChannel.VOICEMAIL);
        StoredContact ann = new StoredContact(11, false, null, null, "OPTED-IN", "2026-01-01 00:00:00.000", "old");
        StoredContact bob = new StoredContact(12, true, null, null, "OPTED-OUT", "2026-01-01 00:00:00.000", "old");

        // when rows name Ann and Bob in other spellings, and a number nobody has
        BatchDecider.Decision d = decide(plan, rows(plan, 1, "+33 (6) 12-34.56.78", "+33612345679", "+33 600"),
                found(Map.of("+33612345678", List.of(ann), "+33612345679", List.of(bob))));

        // then both are rewritten OPTED-OUT for the channel, only Ann's date and source move (her status changed)
        assertEquals(ImportPlan.MatchOn.PHONE, plan.matchOn);
        assertEquals(List.of(11L, 12L), d.rewrites().stream().map(ContactStore.Rewrite::recipientId).toList());
        ContactStore.Rewrite annNow = d.rewrites().get(0);
        assertEquals("OPTED-OUT", annNow.consentStatus());
        assertEquals(ContactStore.sqlTime(NOW), annNow.consentDate());
        assertEquals("Hot folder optoutVOICEMAIL", annNow.consentSource());
        assertEquals("2026-01-01 00:00:00.000", d.rewrites().get(1).consentDate(), "no change, no new date");
        assertTrue(d.rewrites().stream().noneMatch(ContactStore.Rewrite::optOut), "the email opt-out is not this channel's");
        assertEquals(List.of(RowError.Reason.NO_CONTACT), reasons(d));
        assertEquals("+33600", d.errors().get(0).value());
        assertTrue(d.inserts().isEmpty());
        assertEquals(2, d.after().get(Counter.OPTED_OUT));
        assertEquals(1, d.after().get(Counter.NOT_ALLOWED));
        assertCountsAddUp(d.after());
        assertEquals(ConsentChannel.VOICEMAIL, plan.writing(JOB).consent());
        assertFalse(plan.writing(JOB).optsIn(), "a channel's opt-in leaves the email opt-out alone");
    }

    @Test
    void anOptOutWithoutAChannelStillSkipsRowsMatchingNothing() {
        ImportPlan plan = emailPlan(MappingXml.into("OPT_OUT", 3).map("EMAIL"));

        BatchDecider.Decision d = decide(plan, rows(plan, 1, "nobody@example.com"), BatchDecider.Lookup.NOTHING);

        assertEquals(1, d.after().get(Counter.SKIPPED));
        assertTrue(d.errors().isEmpty());
    }
}
