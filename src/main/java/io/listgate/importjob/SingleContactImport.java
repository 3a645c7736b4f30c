package io.listgate.importjob;

import io.listgate.contacts.ContactKey;
import io.listgate.contacts.ContactList;
import io.listgate.contacts.ContactStore;
import io.listgate.contacts.KeyKind;
import io.listgate.contacts.ListColumn;
import io.listgate.contacts.MatchKey;
import io.listgate.contacts.StoredContact;
import io.listgate.db.Database;
import io.listgate.db.TransientDatabaseException;
import io.listgate.mapping.Action;
import io.listgate.mapping.FileType;
import io.listgate.mapping.ImportMapping;
import io.listgate.mapping.ListDateFormat;
import io.listgate.mapping.ListInfo;
import io.listgate.mapping.MappedColumn;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A call on one contact (AddRecipient, UpdateRecipient, OptOutRecipient, ...) as an import of one
 * row: the same plan, validation, lookup, {@link BatchDecider} and {@link ContactStore} an ImportList
 * job uses, so a contact is matched, added, updated, opted out or deleted by exactly the same rules,
 * and its dates, lists and last-modified time move exactly as they would. Each call is one
 * transaction (ADR 19).
 */
public final class SingleContactImport {

    private static final Logger LOG = LoggerFactory.getLogger(SingleContactImport.class);

    /** The job id stamped on contacts an API call writes: no import job has it, so no job takes them for its own. */
    static final long API_CALL = 0;
    /** How often a call is tried again after losing a race for a key or a deadlock to another call. */
    private static final int ATTEMPTS = 5;
    private static final String RECIPIENT_ID = "RECIPIENT_ID";
    /** MariaDB's ER_LOCK_WAIT_TIMEOUT. */
    private static final int LOCK_WAIT = 1205;

    /** How long a call waits its turn on a database without a unique key before answering busy (the pool's wait). */
    private static final Duration TURN_WAIT = Duration.ofSeconds(10);

    private final Database database;
    /** Per database without a unique key: this server's calls on it, one at a time, in arrival order. */
    private final Map<Long, ReentrantLock> turns = new ConcurrentHashMap<>();

    public SingleContactImport(Database database) {
        this.database = database;
    }

    /**
     * One row: the action, its fields by name (the database's own spelling, or a system field such as
     * EMAIL, OPTED_OUT, RECIPIENT_ID), the SYNC_FIELDS it is matched on (empty: the database's key,
     * as ImportList), the contact lists it joins. {@code oldestOnly}: of several matches only the one
     * with the lowest RECIPIENT_ID is changed (UpdateRecipient).
     */
    public record Row(Action action, Map<String, String> fields, List<String> syncFields, List<Long> contactLists,
                      boolean oldestOnly) {
        public Row {
            fields = new LinkedHashMap<>(fields);
            syncFields = List.copyOf(syncFields);
            contactLists = List.copyOf(contactLists);
        }

        public static Row of(Action action, Map<String, String> fields) {
            return new Row(action, fields, List.of(), List.of(), false);
        }

        public Row matchedOn(List<String> sync) {
            return new Row(action, fields, sync, contactLists, oldestOnly);
        }

        public Row joining(List<Long> lists) {
            return new Row(action, fields, syncFields, lists, oldestOnly);
        }

        public Row oldest() {
            return new Row(action, fields, syncFields, contactLists, true);
        }
    }

    /** What became of the row. */
    public sealed interface Outcome permits Applied, NoMatch, Refused {
    }

    /** The row changed these contacts; {@code counter} says how (SQL_ADDED, SQL_UPDATED, OPTED_OUT, SQL_DELETED). */
    public record Applied(Counter counter, List<Long> recipientIds) implements Outcome {
        /** The contact added or the first (oldest) one changed. */
        public long recipientId() {
            return recipientIds.get(0);
        }
    }

    /** The row matched no contact and its action adds none. */
    public record NoMatch() implements Outcome {
    }

    /** The row was refused as an import refuses a row: its reason, message and value. */
    public record Refused(RowError error) implements Outcome {
    }

    /** Validates, matches, decides and writes the row in one transaction. */
    public Outcome apply(ContactList db, List<ListColumn> columns, Row row) {
        return inRetriedTransaction(db, columns, row, (c, prepared) -> write(c, prepared));
    }

    /**
     * The contacts the row's key matches, by the rules {@link #apply} matches with, without changing
     * anything: for calls that act on memberships only (RemoveRecipient on a contact list,
     * AddContactToContactList). {@code change} then runs on the same transaction with the matches.
     */
    public <T> T withMatches(ContactList db, List<ListColumn> columns, Row row, MatchesHandler<T> change) {
        return inRetriedTransaction(db, columns, row, (c, prepared) -> {
            try {
                if (prepared.refused() != null) {
                    return change.handle(c, prepared.store(), prepared.refused(), List.of());
                }
                List<Long> ids = matches(c, prepared).stream().map(StoredContact::recipientId).sorted().toList();
                return change.handle(c, prepared.store(), null, ids);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }

    /** Work on the contacts a row matched, inside the call's transaction. */
    public interface MatchesHandler<T> {
        /** {@code refused}: why the row is not valid (then {@code recipientIds} is empty), or null. */
        T handle(Connection c, ContactStore store, RowError refused, List<Long> recipientIds) throws SQLException;
    }

    /** The row's plan, validated row (or refusal), decider and store. */
    private record Prepared(ImportPlan plan, ValidRow valid, RowError refused, BatchDecider decider, ContactStore store,
                            boolean oldestOnly) {
    }

    private Prepared prepare(ContactList db, List<ListColumn> columns, Row row) {
        List<MappedColumn> mapped = new ArrayList<>();
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> field : row.fields().entrySet()) {
            mapped.add(new MappedColumn(mapped.size() + 1, field.getKey(), true, false));
            values.add(field.getValue());
        }
        boolean byRecipientId = row.fields().containsKey(RECIPIENT_ID)
                && (row.syncFields().isEmpty() || row.syncFields().equals(List.of(RECIPIENT_ID)));
        ListInfo info = new ListInfo(row.action(), Optional.empty(), Optional.empty(), Optional.of(db.id()),
                Optional.empty(), Optional.empty(), FileType.COMMA, false, ListDateFormat.defaultFormat(), false, false,
                byRecipientId, false);
        ImportMapping mapping = new ImportMapping(info, List.of(), mapped, byRecipientId ? List.of() : row.syncFields(),
                Optional.empty(), row.contactLists());
        ImportPlan plan = new ImportPlan(mapping, db, columns);
        RowOutcome outcome = new RowValidator(plan, LocalDateTime.now()).validate(1, values, values.size());
        ContactStore store = new ContactStore(db, columns, plan.writing(API_CALL));
        return outcome instanceof ValidRow valid
                ? new Prepared(plan, valid, null, new BatchDecider(plan, API_CALL), store, row.oldestOnly())
                : new Prepared(plan, null, (RowError) outcome, null, store, row.oldestOnly());
    }

    private <T> T inRetriedTransaction(ContactList db, List<ListColumn> columns, Row row,
                                       BiFunction<Connection, Prepared, T> work) {
        Prepared prepared = prepare(db, columns, row);
        // Matching on what no unique index guards: calls on this database take turns, so two of them
        // never both find nothing and both add the contact.
        boolean takeTurns = prepared.valid() != null && !guardedByUniqueIndex(db, prepared.plan());
        Supplier<T> call = () -> transaction(() -> {
            Connection c = database.transactionConnection();
            try {
                if (takeTurns) {
                    prepared.store().lockDatabase(c);
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            return work.apply(c, prepared);
        });
        if (!takeTurns || database.isInTransaction()) {
            return call.get();
        }
        // The database's row lock is the turn across servers; on this server the calls queue here first,
        // without a pooled connection, so that many calls on one database never hold the whole pool
        // while they wait for that lock.
        ReentrantLock turn = turns.computeIfAbsent(db.id(), id -> new ReentrantLock(true));
        try {
            if (!turn.tryLock(TURN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TransientDatabaseException("calls on database " + db.id() + " waited their turn for "
                        + TURN_WAIT.toSeconds() + " s", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientDatabaseException("interrupted while waiting for a turn on database " + db.id(), e);
        }
        try {
            return call.get();
        } finally {
            turn.unlock();
        }
    }

    /**
     * Runs {@code work} as one transaction, again from the start when it lost a race for a key or
     * a deadlock to another call (the next attempt finds the other call's contact). Inside an
     * enclosing transaction it joins that one, and the enclosing call is the one run again.
     */
    public <T> T transaction(Supplier<T> work) {
        if (database.isInTransaction()) {
            return work.get();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return database.inTransaction(work);
            } catch (RuntimeException e) {
                if (!raced(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                LOG.debug("Single-contact call retried after attempt {}: {}", attempt, e.getMessage());
            }
        }
    }

    /** A lost race for a key, or a deadlock or lock wait MariaDB ended: the call may simply run again. */
    private static boolean raced(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ContactStore.KeyTaken || t instanceof SQLTransactionRollbackException
                    || t instanceof SQLException sql && ("40001".equals(sql.getSQLState()) || sql.getErrorCode() == LOCK_WAIT)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the database's unique index is what the row is matched on, so that it alone refuses a second add. */
    private static boolean guardedByUniqueIndex(ContactList db, ImportPlan plan) {
        return db.keyKind() != KeyKind.NONE && plan.separateUniqueKey().isEmpty()
                && plan.matchOn != ImportPlan.MatchOn.NONE;
    }

    private Outcome write(Connection c, Prepared prepared) {
        if (prepared.refused() != null) {
            return new Refused(prepared.refused());
        }
        try {
            ValidRow row = prepared.valid();
            Map<MatchKey, List<StoredContact>> matches = new HashMap<>();
            List<StoredContact> found = matches(c, prepared);
            if (row.matchKey() != null && !found.isEmpty()) {
                matches.put(row.matchKey(), found);
            }
            Set<MatchKey> taken = prepared.decider().checksUniqueKeys()
                    ? prepared.store().existingKeys(c, prepared.plan().separateUniqueKey().orElseThrow(),
                            prepared.decider().uniqueKeys(List.of(row)))
                    : Set.of();
            BatchDecider.Decision decision = prepared.decider().decide(List.of(row), new BatchDecider.Lookup(matches, taken),
                    Set.of(), new Counters());
            if (!decision.errors().isEmpty()) {
                return new Refused(decision.errors().get(0));
            }
            ContactStore.Changes changes = prepared.store().changes(LocalDateTime.now());
            decision.inserts().forEach(changes::insert);
            decision.rewrites().forEach(changes::rewrite);
            decision.deletes().forEach(changes::delete);
            prepared.store().apply(c, changes.seal());
            Counters after = decision.after();
            if (after.get(Counter.SQL_ADDED) > 0) {
                return new Applied(Counter.SQL_ADDED, List.of(ContactStore.firstInsertedId(c)));
            }
            List<Long> ids = found.stream().map(StoredContact::recipientId).sorted().toList();
            for (Counter counter : List.of(Counter.SQL_UPDATED, Counter.OPTED_OUT, Counter.SQL_DELETED)) {
                if (after.get(counter) > 0) {
                    return new Applied(counter, ids);
                }
            }
            return new NoMatch();
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The stored contacts the row's key matches (only the oldest when the row asks so). */
    private static List<StoredContact> matches(Connection c, Prepared prepared) throws SQLException {
        Optional<ContactKey> key = prepared.plan().matchKey();
        MatchKey wanted = prepared.valid().matchKey();
        if (key.isEmpty() || wanted == null) {
            return List.of();
        }
        List<StoredContact> found = prepared.store().lookup(c, key.get(), List.of(wanted)).getOrDefault(wanted, List.of());
        if (prepared.oldestOnly() && found.size() > 1) {
            return List.of(found.stream().min(Comparator.comparingLong(StoredContact::recipientId)).orElseThrow());
        }
        return found;
    }
}
