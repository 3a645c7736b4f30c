package io.listgate.contacts;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import javax.sql.DataSource;

/**
 * Every statement an import runs on one database's contact table and on its contact lists: key
 * lookups, LOAD DATA of new contacts, the staged rewrite of matched ones, deletes, list membership
 * and list sync. Each runs on the caller's connection, so a batch commits as one transaction.
 * Identifiers are the server's own ({@link ContactTables}); values are always bound or loaded as
 * data.
 */
public final class ContactStore {

    /** Times go to MariaDB as text: the driver's Timestamp encoding builds a formatter per value. */
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final String STAGE = "listgate_rewrite";
    private static final String MEMBERS = "contact_list_member";

    private final String table;
    private final long databaseId;
    private final List<ListColumn> columns;
    private final Writing writing;

    /**
     * What one job writes: the user columns its file fills (the ones a rewrite may change), the
     * contact lists its contacts join, and its id, stamped on every contact and membership it writes.
     * A matched contact keeps its address when {@code emailKept}; {@code optsIn} clears the opt-out
     * of every contact the job rewrites (otherwise a rewrite never opts a contact back in).
     * {@code consent} is the channel whose consent lookups read and rewrites write: SMS for
     * ImportList's CONSENT section, another for a hot folder of that channel.
     */
    public record Writing(List<ListColumn> filled, List<Long> contactLists, long jobId, boolean emailKept,
                          boolean optsIn, ConsentChannel consent) {
        public Writing {
            filled = List.copyOf(filled);
            contactLists = List.copyOf(contactLists);
            Objects.requireNonNull(consent, "consent");
        }
    }

    public ContactStore(ContactList database, List<ListColumn> columns, Writing writing) {
        this.table = ContactTables.checkedTable(database.table());
        this.databaseId = database.id();
        this.columns = List.copyOf(columns);
        this.writing = writing;
    }

    /** A time as the text MariaDB takes for a DATETIME(3). */
    public static String sqlTime(LocalDateTime time) {
        return time == null ? null : SQL_TIME.format(time);
    }

    /** The contacts each of {@code keys} matches; keys matching none are absent. */
    public Map<MatchKey, List<StoredContact>> lookup(Connection c, ContactKey key, Collection<MatchKey> keys)
            throws SQLException {
        Map<MatchKey, List<StoredContact>> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        List<String> keyColumns = key.sqlColumns();
        String sql = "SELECT recipient_id, opted_out, job_id, job_row, " + String.join(", ", writing.consent().columns()) + ", "
                + String.join(", ", keyColumns) + " FROM " + table + " WHERE " + in(keyColumns, keys.size());
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, keys);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long lastJob = rs.getLong(3);
                    Long jobOf = rs.wasNull() ? null : lastJob;
                    long lastRow = rs.getLong(4);
                    Long rowOf = rs.wasNull() ? null : lastRow;
                    found.computeIfAbsent(keyOf(rs, 8, keyColumns.size()), k -> new ArrayList<>()).add(new StoredContact(
                            rs.getLong(1), rs.getTimestamp(2) != null, jobOf, rowOf, rs.getString(5), rs.getString(6),
                            rs.getString(7)));
                }
            }
        }
        return found;
    }

    /** Whether the database has no contact at all. */
    public boolean isEmpty(DataSource dataSource) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
            return !rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read database " + table + ": " + e.getMessage(), e);
        }
    }

    /** Which of {@code keys} some contact already has: for a unique key that rows are not matched on. */
    public Set<MatchKey> existingKeys(Connection c, ContactKey key, Collection<MatchKey> keys) throws SQLException {
        Set<MatchKey> taken = new HashSet<>();
        if (keys.isEmpty()) {
            return taken;
        }
        List<String> keyColumns = key.sqlColumns();
        String sql = "SELECT " + String.join(", ", keyColumns) + " FROM " + table + " WHERE "
                + in(keyColumns, keys.size());
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, keys);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    taken.add(keyOf(rs, 1, keyColumns.size()));
                }
            }
        }
        return taken;
    }

    private static String in(List<String> keyColumns, int count) {
        String tuple = keyColumns.size() == 1 ? "?" : "(" + String.join(", ", Collections.nCopies(keyColumns.size(), "?")) + ")";
        String left = keyColumns.size() == 1 ? keyColumns.get(0) : "(" + String.join(", ", keyColumns) + ")";
        return left + " IN (" + String.join(", ", Collections.nCopies(count, tuple)) + ")";
    }

    private static void bind(PreparedStatement s, Collection<MatchKey> keys) throws SQLException {
        int i = 1;
        for (MatchKey key : keys) {
            for (Object value : key.values()) {
                // setString skips the driver's search for a codec, a cost on thousands of keys a batch
                if (value instanceof String text) {
                    s.setString(i++, text);
                } else {
                    s.setObject(i++, value);
                }
            }
        }
    }

    private static MatchKey keyOf(ResultSet rs, int first, int width) throws SQLException {
        List<Object> values = new ArrayList<>(width);
        for (int k = 0; k < width; k++) {
            values.add(rs.getString(first + k));
        }
        return MatchKey.of(values);
    }

    /** A contact an import adds. {@code values} has one entry per database column, null for its default. */
    public record NewContact(long jobRow, String email, LocalDateTime optedIn, boolean optedOut, String consentStatus,
                             LocalDateTime consentDate, String consentSource, Integer emailType, String optInDetails,
                             String[] values) {
    }

    /**
     * New values for a matched contact. Null leaves a value as it is, except for consent, which is
     * always written (the decision already kept what must stay). {@code values} has one entry per
     * filled column of the {@link Writing}.
     */
    public record Rewrite(long recipientId, String email, String[] values, boolean optOut, String consentStatus,
                          String consentDate, String consentSource, long jobRow, Integer emailType,
                          String optInDetails) {
    }

    /**
     * One batch's changes, serialised as they are added (on the thread that decides the batch, so
     * the writing thread only sends bytes). Everything in it is written at {@code time}.
     */
    public final class Changes {
        private final String stamp;
        private StringBuilder inserts = new StringBuilder();
        private byte[] insertData;
        private long firstInsertRow = -1;
        private long lastInsertRow = -1;
        private int insertCount;
        private StringBuilder rewrites = new StringBuilder();
        private byte[] rewriteData;
        private final List<Long> deletes = new ArrayList<>();
        private final List<Long> members = new ArrayList<>();

        private Changes(LocalDateTime time) {
            this.stamp = sqlTime(time);
        }

        public void insert(NewContact contact) {
            StringBuilder tsv = inserts;
            field(tsv, contact.email()).append('\t');
            field(tsv, contact.optedIn() == null ? stamp : sqlTime(contact.optedIn())).append('\t');
            field(tsv, contact.optedOut() ? stamp : null).append('\t');
            field(tsv, contact.consentStatus()).append('\t');
            field(tsv, sqlTime(contact.consentDate())).append('\t');
            field(tsv, contact.consentSource()).append('\t');
            tsv.append(contact.jobRow()).append('\t');
            tsv.append(contact.emailType() == null ? 0 : contact.emailType()).append('\t');
            field(tsv, contact.optInDetails());
            for (int k = 0; k < columns.size(); k++) {
                String value = contact.values()[k];
                field(tsv.append('\t'), value != null ? value : columns.get(k).defaultValue());
            }
            tsv.append('\n');
            if (firstInsertRow < 0) {
                firstInsertRow = contact.jobRow();
            }
            lastInsertRow = contact.jobRow();
            insertCount++;
        }

        public void rewrite(Rewrite r) {
            StringBuilder tsv = rewrites;
            tsv.append(r.recipientId()).append('\t');
            field(tsv, r.email());
            for (String value : r.values()) {
                field(tsv.append('\t'), value);
            }
            field(tsv.append('\t'), r.optOut() ? stamp : null).append('\t');
            field(tsv, r.consentStatus()).append('\t');
            field(tsv, r.consentDate()).append('\t');
            field(tsv, r.consentSource()).append('\t');
            tsv.append(r.jobRow()).append('\t');
            // email_type is NOT NULL, so "not given" travels as -1
            tsv.append(r.emailType() == null ? -1 : r.emailType()).append('\t');
            field(tsv, r.optInDetails()).append('\n');
        }

        public void delete(long recipientId) {
            deletes.add(recipientId);
        }

        /** Keeps a contact the batch neither adds nor rewrites in the job's contact lists (list sync). */
        public void keepMember(long recipientId) {
            members.add(recipientId);
        }

        /**
         * Turns what was added into the bytes LOAD DATA sends, on the deciding thread, so the writing
         * thread (the import's bottleneck) only sends them. Nothing can be added afterwards.
         */
        public Changes seal() {
            insertData = inserts.isEmpty() ? null : inserts.toString().getBytes(StandardCharsets.UTF_8);
            rewriteData = rewrites.isEmpty() ? null : rewrites.toString().getBytes(StandardCharsets.UTF_8);
            inserts = null;
            rewrites = null;
            return this;
        }
    }

    /** An empty batch of changes made at {@code time}. */
    public Changes changes(LocalDateTime time) {
        return new Changes(time);
    }

    /** Writes a {@link Changes#seal sealed} batch on the caller's transaction. */
    public void apply(Connection c, Changes changes) throws SQLException {
        if (changes.inserts != null) {
            throw new IllegalStateException("changes are sealed before they are applied");
        }
        insert(c, changes);
        rewrite(c, changes);
        delete(c, changes.deletes);
        if (!changes.members.isEmpty()) {
            joinLists(c, "SELECT ?, recipient_id, ? FROM " + table + " WHERE recipient_id IN ("
                    + String.join(", ", changes.members.stream().map(String::valueOf).toList()) + ")");
        }
    }

    /** System columns an insert loads before the user columns, in {@link Changes#insert}'s order. */
    private static final List<SystemColumn> INSERTED = List.of(SystemColumn.EMAIL, SystemColumn.OPTED_IN,
            SystemColumn.OPTED_OUT, SystemColumn.CONSENT_STATUS, SystemColumn.CONSENT_DATE, SystemColumn.CONSENT_SOURCE,
            SystemColumn.JOB_ROW, SystemColumn.EMAIL_TYPE, SystemColumn.OPT_IN_DETAILS);

    /**
     * Adds the batch's new contacts with LOAD DATA LOCAL from a buffer (no file): the fastest way into
     * InnoDB, inside the batch's transaction like everything else.
     */
    private void insert(Connection c, Changes changes) throws SQLException {
        if (changes.insertCount == 0) {
            return;
        }
        List<String> loaded = new ArrayList<>();
        INSERTED.forEach(column -> loaded.add(column.column()));
        for (ListColumn column : columns) {
            loaded.add(ContactTables.checkedColumn(column.physicalName()));
        }
        byte[] data = changes.insertData;
        try (Statement s = c.createStatement()) {
            // what is the same for the whole batch is written once; created_from keeps its default, 1 (import)
            int added = loadData(s, table, loaded, data, " SET last_modified = '" + changes.stamp + "', job_id = "
                    + writing.jobId());
            if (added != changes.insertCount) {
                // LOAD DATA skips rows that collide with a unique key; the lookup said none would.
                throw new KeyTaken("the database took " + added + " of " + changes.insertCount
                        + " new contacts (rows " + changes.firstInsertRow + "-" + changes.lastInsertRow
                        + "): a key no lookup found is taken, by another writer or by a row the database treats as equal");
            }
        }
        if (!writing.contactLists().isEmpty()) {
            // The new contacts are the table's newest: from the first id LOAD DATA generated on, written by this job.
            long firstId = firstInsertedId(c);
            joinLists(c, "SELECT ?, recipient_id, ? FROM " + table + " WHERE recipient_id >= " + firstId
                    + " AND job_id = " + writing.jobId() + " AND job_row BETWEEN " + changes.firstInsertRow + " AND "
                    + changes.lastInsertRow);
        }
    }

    /**
     * A new contact collided with a key another transaction wrote after the lookup (or two new
     * contacts of one batch are equal to the database): nothing of the batch may be committed.
     */
    public static final class KeyTaken extends IllegalStateException {
        KeyTaken(String message) {
            super(message);
        }
    }

    /** The RECIPIENT_ID of the first contact the last {@link #apply} on this connection inserted. */
    public static long firstInsertedId(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Locks the database's catalogue row until the transaction ends, so that calls which must see
     * each other's contacts (matching on what no unique index guards) run one after the other.
     */
    public void lockDatabase(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT id FROM contact_list WHERE id = ? FOR UPDATE")) {
            s.setLong(1, databaseId);
            s.executeQuery().close();
        }
    }

    /** Puts one contact in a contact list unless it is there; true when it was added. */
    public boolean joinList(Connection c, long listId, long recipientId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT IGNORE INTO " + MEMBERS
                + " (list_id, recipient_id, job_id) SELECT ?, recipient_id, NULL FROM " + table + " WHERE recipient_id = ?")) {
            s.setLong(1, listId);
            s.setLong(2, recipientId);
            return s.executeUpdate() > 0;
        }
    }

    /** Takes contacts out of one contact list (they stay in the database); returns how many were members. */
    public int leaveList(Connection c, long listId, Collection<Long> recipientIds) throws SQLException {
        if (recipientIds.isEmpty()) {
            return 0;
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + MEMBERS + " WHERE list_id = ? AND recipient_id IN ("
                + String.join(", ", Collections.nCopies(recipientIds.size(), "?")) + ")")) {
            s.setLong(1, listId);
            int i = 2;
            for (Long id : recipientIds) {
                s.setLong(i++, id);
            }
            return s.executeUpdate();
        }
    }

    /** LOAD DATA LOCAL of {@code data} (built with {@link #field}) into the columns; returns the rows taken. */
    private static int loadData(Statement s, String into, List<String> columns, byte[] data, String set)
            throws SQLException {
        // name clash with java.sql.Statement
        s.unwrap(org.mariadb.jdbc.Statement.class).setLocalInfileInputStream(new ByteArrayInputStream(data));
        return s.executeUpdate("LOAD DATA LOCAL INFILE 'batch' INTO TABLE " + into + " CHARACTER SET utf8mb4"
                + " FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' ("
                + String.join(", ", columns) + ")" + set);
    }

    /** One LOAD DATA field: \N for null, backslash escapes for the separators. */
    private static StringBuilder field(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        if (plain(value)) {
            return out.append(value);
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> out.append("\\0");
                default -> out.append(ch);
            }
        }
        return out;
    }

    /** True when the value has nothing LOAD DATA needs escaped: most values, appended whole. */
    private static boolean plain(String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            if (ch == '\\' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\0') {
                return false;
            }
        }
        return true;
    }

    /**
     * Rewrites matched contacts: the batch's new values go into a temporary table by LOAD DATA, then
     * one statement applies them all, far cheaper for the server than a statement with a literal per
     * value. The batch's time and the job's id are the same for all, so they are written once.
     */
    private void rewrite(Connection c, Changes changes) throws SQLException {
        if (changes.rewriteData == null) {
            return;
        }
        List<String> staged = stagedColumns();
        try (Statement s = c.createStatement()) {
            // temporary tables are the connection's own and need no commit: safe inside the batch's transaction
            s.execute("DROP TEMPORARY TABLE IF EXISTS " + STAGE);
            s.execute(stageTableSql());
            loadData(s, STAGE, staged, changes.rewriteData, "");
            s.executeUpdate(rewriteSql(changes.stamp));
            joinLists(c, "SELECT ?, recipient_id, ? FROM " + STAGE);
            s.execute("DROP TEMPORARY TABLE " + STAGE);
        }
    }

    /** The staging table's columns in the order {@link Changes#rewrite} writes them. */
    private List<String> stagedColumns() {
        List<String> staged = new ArrayList<>();
        staged.add(SystemColumn.RECIPIENT_ID.column());
        staged.add(SystemColumn.EMAIL.column());
        writing.filled().forEach(column -> staged.add(ContactTables.checkedColumn(column.physicalName())));
        for (SystemColumn column : REWRITTEN) {
            staged.add(column.column());
        }
        return staged;
    }

    /** System columns a rewrite stages after the user columns, in {@link Changes#rewrite}'s order. */
    private static final List<SystemColumn> REWRITTEN = List.of(SystemColumn.OPTED_OUT, SystemColumn.CONSENT_STATUS,
            SystemColumn.CONSENT_DATE, SystemColumn.CONSENT_SOURCE, SystemColumn.JOB_ROW, SystemColumn.EMAIL_TYPE,
            SystemColumn.OPT_IN_DETAILS);

    /**
     * The staging table: user columns as TEXT, whose values the server keeps apart from the row, where
     * wide VARCHARs would make every row it copies tens of KB.
     */
    private String stageTableSql() {
        StringJoiner ddl = new StringJoiner(", ", "CREATE TEMPORARY TABLE " + STAGE + " (", ") CHARACTER SET utf8mb4");
        ddl.add(SystemColumn.RECIPIENT_ID.column() + " " + SystemColumn.RECIPIENT_ID.type() + " NOT NULL");
        ddl.add(SystemColumn.EMAIL.column() + " " + SystemColumn.EMAIL.type() + " NULL");
        writing.filled().forEach(column -> ddl.add(ContactTables.checkedColumn(column.physicalName()) + " TEXT NULL"));
        for (SystemColumn column : REWRITTEN) {
            // -1 stands for "not given" in the NOT NULL email_type
            ddl.add(column.column() + " " + column.type() + (column == SystemColumn.EMAIL_TYPE ? " NOT NULL" : " NULL"));
        }
        return ddl.toString();
    }

    /**
     * Every staged row names an existing contact, so INSERT ... ON DUPLICATE KEY UPDATE updates each
     * in place as it reads it; a multi-table UPDATE would first copy every change into an internal
     * temporary table with an index.
     */
    private String rewriteSql(String stamp) {
        List<String> staged = stagedColumns();
        // the contact's own columns are qualified: unqualified they are ambiguous with the SELECT's
        String t = table + ".";
        StringJoiner set = new StringJoiner(", ");
        // Only what can change is assigned: an unchanged key keeps its index entries (and EMAIL its MD5) untouched.
        if (!writing.emailKept()) {
            set.add(t + "email = COALESCE(VALUES(email), " + t + "email)");
        }
        for (ListColumn filled : writing.filled()) {
            if (!filled.key()) {
                String column = ContactTables.checkedColumn(filled.physicalName());
                set.add(t + column + " = COALESCE(VALUES(" + column + "), " + t + column + ")");
            }
        }
        // An update never opts a contact back in: opted_out only ever goes from empty to a date.
        set.add(t + "opted_out = " + (writing.optsIn() ? "NULL" : "COALESCE(" + t + "opted_out, VALUES(opted_out))"));
        // the staged consent is the job's channel's (SMS's own columns, or VOICE's or VOICEMAIL's)
        List<String> consent = writing.consent().columns();
        List<SystemColumn> stagedConsent = List.of(SystemColumn.CONSENT_STATUS, SystemColumn.CONSENT_DATE,
                SystemColumn.CONSENT_SOURCE);
        for (int k = 0; k < stagedConsent.size(); k++) {
            set.add(t + consent.get(k) + " = VALUES(" + stagedConsent.get(k).column() + ")");
        }
        set.add(t + "job_row = VALUES(job_row)");
        // a time the server formatted, and a number: safe as literals
        set.add(t + "last_modified = '" + stamp + "'").add(t + "job_id = " + writing.jobId());
        set.add(t + "email_type = IF(VALUES(email_type) < 0, " + t + "email_type, VALUES(email_type))")
                .add(t + "opt_in_details = COALESCE(VALUES(opt_in_details), " + t + "opt_in_details)");
        // opted_in and last_modified only fill the NOT NULL columns of an insert that never happens
        return "INSERT INTO " + table + " (" + String.join(", ", staged) + ", opted_in, last_modified) SELECT "
                + String.join(", ", staged) + ", '" + stamp + "', '" + stamp + "' FROM " + STAGE
                + " ON DUPLICATE KEY UPDATE " + set;
    }

    /** Deletes contacts with their memberships in the database's contact lists. */
    private void delete(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        String in = String.join(", ", Collections.nCopies(ids.size(), "?"));
        try (PreparedStatement members = c.prepareStatement("DELETE m FROM " + MEMBERS + " m JOIN contact_list l"
                + " ON l.id = m.list_id WHERE l.parent_id = ? AND m.recipient_id IN (" + in + ")");
             PreparedStatement contacts = c.prepareStatement("DELETE FROM " + table + " WHERE recipient_id IN (" + in + ")")) {
            members.setLong(1, databaseId);
            for (int i = 0; i < ids.size(); i++) {
                members.setLong(i + 2, ids.get(i));
                contacts.setLong(i + 1, ids.get(i));
            }
            members.executeUpdate();
            contacts.executeUpdate();
        }
    }

    /**
     * Puts the contacts {@code select} names (its parameters: the list's id, the job's id) in every
     * contact list of the job, marking each membership with the job: list sync keeps what it marked.
     */
    private void joinLists(Connection c, String select) throws SQLException {
        for (Long listId : writing.contactLists()) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO " + MEMBERS + " (list_id, recipient_id, job_id) "
                    + select + " ON DUPLICATE KEY UPDATE job_id = VALUES(job_id)")) {
                s.setLong(1, listId);
                s.setLong(2, writing.jobId());
                s.executeUpdate();
            }
        }
    }

    /**
     * List sync: removes from each of the job's contact lists the members the job did not add or keep
     * (they stay in the database). Run again after a crash it finds nothing more to remove.
     */
    public long removeUnmarkedMembers(Connection c) throws SQLException {
        long removed = 0;
        for (Long listId : writing.contactLists()) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + MEMBERS
                    + " WHERE list_id = ? AND (job_id IS NULL OR job_id <> ?)")) {
                s.setLong(1, listId);
                s.setLong(2, writing.jobId());
                removed += s.executeUpdate();
            }
        }
        return removed;
    }
}
