package io.listgate.importjob;

import io.listgate.contacts.ContactKey;
import io.listgate.contacts.ContactStore;
import io.listgate.contacts.ListColumn;
import io.listgate.contacts.MatchKey;
import io.listgate.contacts.StoredContact;
import io.listgate.importjob.RowError.Reason;
import io.listgate.mapping.Action;
import io.listgate.mapping.ConsentSettings;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what becomes of each row of a batch, from what the database holds for the batch's keys
 * and without touching it: added, updated, opted out, deleted, a duplicate, skipped or not allowed.
 * The rules are those ImportList documents (README, "Importing contacts"):
 * <ul>
 *   <li>a row whose key an earlier row of the file applied is a DUPLICATE (only an applied row
 *       makes later rows with its key duplicates: a row skipped or refused leaves no trace);</li>
 *   <li>CREATE and ADD_ONLY add rows matching no contact; a match is EXISTS (a duplicate);</li>
 *   <li>ADD_AND_UPDATE adds or updates; UPDATE_ONLY, OPT_OUT, OPT_IN and DELETE skip rows matching
 *       nothing; OPT_IN clears the matched contacts' opt-out and counts them updated;</li>
 *   <li>a hot folder's channel OPT_OUT or OPT_IN sets only that channel's consent of the matched
 *       contacts, and rejects rows matching nothing (NO_CONTACT);</li>
 *   <li>a row matching several contacts changes them all and counts once;</li>
 *   <li>rows keyed on an MD5 or a RECIPIENT_ID never add a contact (NOT_ALLOWED);</li>
 *   <li>a new row must not repeat the database's unique key when rows are matched on another;</li>
 *   <li>updates never change key columns or a kept EMAIL, never opt a contact back in, and keep
 *       consent by the CONSENT section's rules.</li>
 * </ul>
 */
final class BatchDecider {

    private static final String OPTED_OUT = "OPTED-OUT";

    private final ImportPlan plan;
    private final long jobId;
    private final Optional<ContactKey> uniqueKey;
    private final ConsentSettings consent;
    /** For each database column, the plan target (source field) filling it, or -1. */
    private final int[] targetOfColumn;

    BatchDecider(ImportPlan plan, long jobId) {
        this.plan = plan;
        this.jobId = jobId;
        this.uniqueKey = plan.separateUniqueKey();
        this.consent = plan.mapping.consent().orElse(null);
        this.targetOfColumn = new int[plan.columns.size()];
        for (int k = 0; k < targetOfColumn.length; k++) {
            targetOfColumn[k] = -1;
            for (int t = 0; t < plan.targets.size(); t++) {
                if (plan.targets.get(t).column().position() == plan.columns.get(k).position()) {
                    targetOfColumn[k] = t;
                }
            }
        }
    }

    /**
     * What the database holds for a batch: the contacts its keys matched, and which of its rows'
     * unique keys are taken (only when rows are matched on something else; see
     * {@link ImportPlan#separateUniqueKey()}).
     */
    record Lookup(Map<MatchKey, List<StoredContact>> matches, Set<MatchKey> takenUniqueKeys) {
        static final Lookup NOTHING = new Lookup(Map.of(), Set.of());
    }

    /** A batch decided: its changes, its rejected rows, the counters after it and the keys it applied. */
    record Decision(List<ContactStore.NewContact> inserts, List<ContactStore.Rewrite> rewrites, List<Long> deletes,
                    List<Long> keptMembers, List<RowError> errors, Counters after, Set<MatchKey> applied) {
    }

    /** The keys of the batch's valid rows, to look up. */
    static Set<MatchKey> matchKeys(List<RowOutcome> batch) {
        Set<MatchKey> keys = new HashSet<>();
        for (RowOutcome outcome : batch) {
            if (outcome instanceof ValidRow row && row.matchKey() != null) {
                keys.add(row.matchKey());
            }
        }
        return keys;
    }

    /** The unique keys of the batch's valid rows, when they must be checked apart from the match. */
    Set<MatchKey> uniqueKeys(List<RowOutcome> batch) {
        Set<MatchKey> keys = new HashSet<>();
        if (uniqueKey.isEmpty()) {
            return keys;
        }
        for (RowOutcome outcome : batch) {
            if (outcome instanceof ValidRow row) {
                MatchKey key = uniqueKeyOf(row);
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /** Whether {@link #uniqueKeys} are needed: then the lookup must see every earlier batch written. */
    boolean checksUniqueKeys() {
        return uniqueKey.isPresent();
    }

    /**
     * Decides the batch, in file order. {@code earlierKeys} are the keys the previous batch applied,
     * when the lookup may have run before that batch was written.
     */
    Decision decide(List<RowOutcome> batch, Lookup found, Set<MatchKey> earlierKeys, Counters before) {
        Counters counters = before.copy();
        Set<MatchKey> seen = new HashSet<>();
        Set<MatchKey> taken = new HashSet<>(found.takenUniqueKeys());
        List<RowError> errors = new ArrayList<>();
        List<ContactStore.NewContact> inserts = new ArrayList<>();
        List<ContactStore.Rewrite> rewrites = new ArrayList<>();
        List<Long> deletes = new ArrayList<>();
        List<Long> kept = new ArrayList<>();
        for (RowOutcome outcome : batch) {
            RowError refused;
            if (outcome instanceof ValidRow row) {
                refused = decideRow(row, found, earlierKeys, seen, taken, counters, inserts, rewrites, deletes, kept);
            } else {
                refused = (RowError) outcome;
            }
            if (refused != null) {
                errors.add(refused);
                counters.reject(refused.reason());
            }
        }
        return new Decision(inserts, rewrites, deletes, kept, errors, counters, seen);
    }

    /** Decides one valid row: records its change, counts it, and returns its refusal or null. */
    private RowError decideRow(ValidRow row, Lookup found, Set<MatchKey> earlierKeys, Set<MatchKey> seen,
                               Set<MatchKey> taken, Counters counters, List<ContactStore.NewContact> inserts,
                               List<ContactStore.Rewrite> rewrites, List<Long> deletes, List<Long> kept) {
        MatchKey key = row.matchKey();
        List<StoredContact> matches = key == null ? List.of() : found.matches().getOrDefault(key, List.of());
        if (key != null && (seen.contains(key) || earlierKeys.contains(key))
                || matches.stream().anyMatch(m -> m.writtenBefore(jobId, row.rowNumber()))) {
            return new RowError(row.rowNumber(), Reason.DUPLICATE, "an earlier row of the file has the same " + keyName(),
                    key.text());
        }
        RowError refused = null;
        boolean applied = false;
        if (!matches.isEmpty()) {
            switch (plan.action) {
                case CREATE, ADD_ONLY -> {
                    refused = new RowError(row.rowNumber(), Reason.EXISTS, "a contact with this " + keyName()
                            + " already exists", key.text());
                    if (plan.syncsContactLists()) {
                        matches.forEach(m -> kept.add(m.recipientId()));
                    }
                }
                case ADD_AND_UPDATE, UPDATE_ONLY -> {
                    matches.forEach(m -> rewrites.add(update(row, m)));
                    counters.valid(Counter.SQL_UPDATED);
                    applied = true;
                }
                case OPT_OUT, OPT_IN -> {
                    if (plan.channel != null) {
                        matches.forEach(m -> rewrites.add(channelConsent(row, m)));
                        counters.valid(plan.action == Action.OPT_OUT ? Counter.OPTED_OUT : Counter.SQL_UPDATED);
                    } else if (plan.action == Action.OPT_OUT) {
                        matches.forEach(m -> rewrites.add(optOut(row, m)));
                        counters.valid(Counter.OPTED_OUT);
                    } else {
                        // the store clears the opt-out of every rewrite of an OPT_IN job
                        matches.forEach(m -> rewrites.add(kept(row, m)));
                        counters.valid(Counter.SQL_UPDATED);
                    }
                    applied = true;
                }
                case DELETE -> {
                    matches.forEach(m -> deletes.add(m.recipientId()));
                    counters.valid(Counter.SQL_DELETED);
                    applied = true;
                }
            }
        } else {
            switch (plan.action) {
                case CREATE, ADD_ONLY, ADD_AND_UPDATE -> {
                    refused = refusedAsNew(row, taken);
                    if (refused == null) {
                        inserts.add(newContact(row));
                        counters.valid(Counter.SQL_ADDED);
                        applied = true;
                    }
                }
                case OPT_OUT, OPT_IN -> {
                    if (plan.channel != null) {
                        refused = new RowError(row.rowNumber(), Reason.NO_CONTACT, "no contact has this " + keyName()
                                + "; an opt-out or opt-in file never adds a contact", key.text());
                    } else {
                        counters.valid(Counter.SKIPPED);
                    }
                }
                case UPDATE_ONLY, DELETE -> counters.valid(Counter.SKIPPED);
            }
        }
        // Only an applied row makes later rows with its key duplicates: a row skipped or refused leaves
        // no trace in the database, so its twins are judged the same way again.
        if (applied && key != null) {
            seen.add(key);
        }
        return refused;
    }

    /** Why a row matching no contact cannot be added, or null when it can. */
    private RowError refusedAsNew(ValidRow row, Set<MatchKey> taken) {
        if (plan.matchOn == ImportPlan.MatchOn.EMAIL_MD5) {
            return new RowError(row.rowNumber(), Reason.NOT_ALLOWED, "a contact cannot be added from an MD5-encoded email",
                    row.matchKey().text());
        }
        if (plan.matchOn == ImportPlan.MatchOn.RECIPIENT_ID) {
            return new RowError(row.rowNumber(), Reason.NOT_ALLOWED,
                    "no contact has this RECIPIENT_ID, and one cannot be added by id", row.matchKey().text());
        }
        MatchKey unique = uniqueKey.isEmpty() ? null : uniqueKeyOf(row);
        if (unique != null && !taken.add(unique)) {
            return new RowError(row.rowNumber(), Reason.EXISTS, "the database already has a contact with this "
                    + uniqueKey.get().label(), unique.text());
        }
        return null;
    }

    /** The row's value of the database's unique key (EMAIL or the key columns); null when one is empty. */
    private MatchKey uniqueKeyOf(ValidRow row) {
        if (uniqueKey.get().kind() == ContactKey.Kind.EMAIL) {
            return row.email() == null ? null : MatchKey.of(row.email());
        }
        List<String> values = new ArrayList<>();
        for (ListColumn column : uniqueKey.get().columns()) {
            String value = valueFor(row, column);
            value = value != null ? value : column.defaultValue();
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return MatchKey.of(values);
    }

    /** The row's value for a database column, or null when no source field fills it or it is empty. */
    private String valueFor(ValidRow row, ListColumn column) {
        for (int k = 0; k < targetOfColumn.length; k++) {
            if (plan.columns.get(k).position() == column.position()) {
                return targetOfColumn[k] < 0 ? null : row.values()[targetOfColumn[k]];
            }
        }
        return null;
    }

    private String keyName() {
        return plan.matchKey().map(ContactKey::label).orElse("key");
    }

    private ContactStore.NewContact newContact(ValidRow row) {
        String[] values = new String[targetOfColumn.length];
        for (int k = 0; k < values.length; k++) {
            values[k] = targetOfColumn[k] < 0 ? null : row.values()[targetOfColumn[k]];
        }
        return new ContactStore.NewContact(row.rowNumber(), row.email(), row.optedIn(), row.optOut(), row.consentStatus(),
                row.consentDate(), row.consentSource(), row.emailType(), row.optInDetails(), values);
    }

    private ContactStore.Rewrite update(ValidRow row, StoredContact match) {
        String[] values = new String[plan.targets.size()];
        for (int t = 0; t < values.length; t++) {
            // A contact's key columns, like an EMAIL key, are not changed by an import.
            values[t] = plan.targets.get(t).column().key() ? null : row.values()[t];
        }
        String status = match.consentStatus();
        String date = match.consentDate();
        String source = match.consentSource();
        if (row.consentStatus() != null) {
            String wanted = consent.honorOptOutStatus() && OPTED_OUT.equals(status) ? status : row.consentStatus();
            if (!wanted.equals(status) || consent.overrideOnNoChange()) {
                date = ContactStore.sqlTime(row.consentDate());
                source = row.consentSource();
            }
            status = wanted;
        }
        return new ContactStore.Rewrite(match.recipientId(), plan.emailKept() ? null : row.email(), values, row.optOut(),
                status, date, source, row.rowNumber(), row.emailType(), row.optInDetails());
    }

    /** OPT_OUT: the contact keeps everything but gets an opt-out date (its first one stays). */
    private ContactStore.Rewrite optOut(ValidRow row, StoredContact match) {
        return new ContactStore.Rewrite(match.recipientId(), null, new String[plan.targets.size()], true,
                match.consentStatus(), match.consentDate(), match.consentSource(), row.rowNumber(), null, null);
    }

    /**
     * A channel's opt-out or opt-in: only the channel's consent changes, its date and source moving
     * when its status does (as a CONSENT row's, without OVERRIDE_ON_NO_CHANGE); the email opt-out stays.
     */
    private ContactStore.Rewrite channelConsent(ValidRow row, StoredContact match) {
        boolean changes = !row.consentStatus().equals(match.consentStatus());
        return new ContactStore.Rewrite(match.recipientId(), null, new String[plan.targets.size()], false,
                row.consentStatus(), changes ? ContactStore.sqlTime(row.consentDate()) : match.consentDate(),
                changes ? row.consentSource() : match.consentSource(), row.rowNumber(), null, null);
    }

    /** The contact as it is, stamped with the row: OPT_IN changes only its opt-out, in the statement. */
    private ContactStore.Rewrite kept(ValidRow row, StoredContact match) {
        return new ContactStore.Rewrite(match.recipientId(), null, new String[plan.targets.size()], false,
                match.consentStatus(), match.consentDate(), match.consentSource(), row.rowNumber(), null, null);
    }
}
