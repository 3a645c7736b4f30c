package io.listgate.importjob;

import io.listgate.contacts.ContactTables;
import io.listgate.contacts.KeyKind;
import io.listgate.contacts.ListColumn;
import io.listgate.importjob.RowError.Reason;
import io.listgate.mapping.Action;
import io.listgate.mapping.ConsentSettings;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Applies one batch of validated rows to the database's contact table on the caller's transaction:
 * one lookup of the batch's keys, LOAD DATA of the new contacts, LOAD DATA of the matched ones' new
 * values into a temporary table applied by one INSERT ... ON DUPLICATE KEY UPDATE, and
 * contact-list membership. Decides each row's fate (added, updated, opted out, duplicate, skipped,
 * not allowed).
 */
final class BatchWriter {

    private static final String OPTED_OUT = "OPTED-OUT";

    /** A contact the batch's keys matched. */
    private record Existing(long recipientId, boolean optedOut, Long jobId, Long jobRow, String consentStatus,
                            String consentDate, String consentSource) {
    }

    /** Times go to MariaDB as text: the driver's Timestamp encoding builds a formatter per value. */
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private final ImportPlan plan;
    private final long jobId;
    private final String table;
    private final List<Long> contactLists;
    private final ConsentSettings consent;
    /** For each database column, the plan target (source field) filling it, or -1. */
    private final int[] targetOfColumn;
    /** The key columns of a database keyed on columns (its unique index). */
    private final List<ListColumn> uniqueColumns;

    BatchWriter(ImportPlan plan, long jobId) {
        this.plan = plan;
        this.jobId = jobId;
        this.table = plan.database.table();
        this.contactLists = plan.action == Action.OPT_OUT ? List.of() : plan.mapping.contactListIds();
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
        this.uniqueColumns = plan.columns.stream().filter(ListColumn::key).toList();
    }

    /** What the database holds for a batch's keys: the contacts they match, and (see takenKeys) unique keys in use. */
    static final class Lookup {
        private final Map<String, List<Existing>> existing;
        private final Set<String> takenKeys;

        private Lookup(Map<String, List<Existing>> existing, Set<String> takenKeys) {
            this.existing = existing;
            this.takenKeys = takenKeys;
        }
    }

    /**
     * True when a batch's lookup may run on another connection while the previous batch is still
     * being written: that batch changes only contacts of the keys it applies, which {@link #write}
     * is told. Not so when new rows must also be checked against a unique key the rows are not
     * matched on, since the previous batch may just be writing one.
     */
    boolean looksAhead() {
        return !checksTakenKeys();
    }

    /** Reads what the database holds for the batch's keys; needs no transaction. */
    Lookup lookup(Connection c, List<ValidRow> rows) throws SQLException {
        Map<String, List<Existing>> existing = plan.matchOn == ImportPlan.MatchOn.NONE || rows.isEmpty()
                ? Map.of() : matches(c, rows);
        return new Lookup(existing, rows.isEmpty() ? null : takenKeys(c, rows));
    }

    /** A batch decided, its statements' data built: what {@link #execute} writes, and the keys it applies. */
    static final class Prepared {
        private final Set<String> applied;
        private final List<ValidRow> inserts;
        private final byte[] insertData;
        /** The batch's time, as SQL text: every contact it writes was last modified then. */
        private final String stamp;
        /** New values of matched contacts: updates, or opt-outs in an OPT_OUT job (never both in one job). */
        private final byte[] rewriteData;

        private Prepared(Set<String> applied, List<ValidRow> inserts, byte[] insertData, String stamp, byte[] rewriteData) {
            this.stamp = stamp;
            this.applied = applied;
            this.inserts = inserts;
            this.insertData = insertData;
            this.rewriteData = rewriteData;
        }

        Set<String> applied() {
            return applied;
        }
    }

    /**
     * Decides each row's fate from the lookup, without the database: adds the rows it refuses to
     * {@code errors}, counts every row, and builds the data of the statements {@link #execute} runs.
     * {@code earlierKeys} are the keys the previous batch applied, when the lookup may have run before
     * that batch was written.
     */
    Prepared prepare(List<ValidRow> rows, Lookup found, Set<String> earlierKeys, Counters counters,
                     List<RowError> errors) {
        Set<String> seen = new HashSet<>();
        if (rows.isEmpty()) {
            return new Prepared(seen, List.of(), null, null, null);
        }
        Map<String, List<Existing>> existing = found.existing;
        Set<String> takenKeys = found.takenKeys;
        LocalDateTime now = LocalDateTime.now();
        List<ValidRow> inserts = new ArrayList<>();
        List<Object[]> rewrites = new ArrayList<>();
        for (ValidRow row : rows) {
            List<Existing> matches = row.matchKey() == null ? List.of() : existing.getOrDefault(row.matchKey(), List.of());
            // Only an applied row makes later rows with its key duplicates; a row skipped or refused for
            // its key leaves no trace in the database, so its twins are judged the same way again,
            // in this batch or in a later one.
            if (row.matchKey() != null && (seen.contains(row.matchKey()) || earlierKeys.contains(row.matchKey()))
                    || matches.stream().anyMatch(m -> m.jobId() != null && m.jobId() == jobId && m.jobRow() < row.rowNumber())) {
                reject(counters, errors, new RowError(row.rowNumber(), Reason.DUPLICATE,
                        "an earlier row of the file has the same " + keyName(), keyText(row)));
                continue;
            }
            switch (plan.action) {
                case CREATE, ADD_ONLY -> {
                    if (!matches.isEmpty()) {
                        reject(counters, errors, new RowError(row.rowNumber(), Reason.EXISTS,
                                "a contact with this " + keyName() + " already exists", keyText(row)));
                    } else if (insertOrRefuse(row, takenKeys, inserts, counters, errors)) {
                        applied(seen, row);
                    }
                }
                case ADD_AND_UPDATE -> {
                    if (matches.isEmpty()) {
                        if (insertOrRefuse(row, takenKeys, inserts, counters, errors)) {
                            applied(seen, row);
                        }
                    } else {
                        matches.forEach(m -> rewrites.add(updateParameters(row, m, now)));
                        valid(counters).sqlUpdated++;
                        applied(seen, row);
                    }
                }
                case UPDATE_ONLY -> {
                    if (matches.isEmpty()) {
                        valid(counters).skipped++;
                    } else {
                        matches.forEach(m -> rewrites.add(updateParameters(row, m, now)));
                        valid(counters).sqlUpdated++;
                        applied(seen, row);
                    }
                }
                case OPT_OUT -> {
                    if (matches.isEmpty()) {
                        valid(counters).skipped++;
                    } else {
                        matches.forEach(m -> rewrites.add(optOutParameters(row, m, now)));
                        valid(counters).optedOut++;
                        applied(seen, row);
                    }
                }
            }
        }
        String stamp = text(now);
        return new Prepared(seen, inserts, inserts.isEmpty() ? null : insertData(inserts, stamp), stamp,
                rewriteData(rewrites));
    }

    /** Writes a prepared batch on the caller's transaction. */
    void execute(Connection c, Prepared prepared) throws SQLException {
        insert(c, prepared.inserts, prepared.insertData, prepared.stamp);
        rewrite(c, prepared.rewriteData, prepared.stamp);
    }

    private static String text(LocalDateTime time) {
        return SQL_TIME.format(time);
    }

    private static Counters valid(Counters counters) {
        counters.totalRows++;
        counters.totalValid++;
        return counters;
    }

    private static void reject(Counters counters, List<RowError> errors, RowError error) {
        counters.reject(error.reason());
        errors.add(error);
    }

    private static void applied(Set<String> seen, ValidRow row) {
        if (row.matchKey() != null) {
            seen.add(row.matchKey());
        }
    }

    /** Queues the row as a new contact, or refuses it (counted, recorded); true when queued. */
    private boolean insertOrRefuse(ValidRow row, Set<String> takenKeys, List<ValidRow> inserts, Counters counters,
                                   List<RowError> errors) {
        if (plan.matchOn == ImportPlan.MatchOn.EMAIL_MD5 || plan.matchOn == ImportPlan.MatchOn.RECIPIENT_ID) {
            reject(counters, errors, new RowError(row.rowNumber(), Reason.NOT_ALLOWED, plan.matchOn
                    == ImportPlan.MatchOn.EMAIL_MD5 ? "a contact cannot be added from an MD5-encoded email"
                    : "no contact has this RECIPIENT_ID, and one cannot be added by id", keyText(row)));
            return false;
        }
        String uniqueKey = takenKeys == null ? null : uniqueKey(row);
        if (uniqueKey != null && !takenKeys.add(uniqueKey)) {
            reject(counters, errors, new RowError(row.rowNumber(), Reason.EXISTS, "the database already has a contact"
                    + " with this " + uniqueKeyName(), String.join(" | ", uniqueValues(row))));
            return false;
        }
        inserts.add(row);
        valid(counters).sqlAdded++;
        return true;
    }

    /**
     * For a database keyed on EMAIL or on key columns whose rows are matched on something else
     * (SYNC_FIELDS): the unique keys of the batch's rows that the database already has, so a new row
     * cannot break the unique index; null when rows are matched on the database's own key anyway.
     */
    private Set<String> takenKeys(Connection c, List<ValidRow> rows) throws SQLException {
        if (!checksTakenKeys()) {
            return null;
        }
        KeyKind kind = plan.database.keyKind();
        Set<String> taken = new HashSet<>();
        List<ValidRow> keyed = rows.stream().filter(r -> uniqueKey(r) != null).toList();
        if (keyed.isEmpty()) {
            return taken;
        }
        List<String> columns = kind == KeyKind.EMAIL ? List.of("email")
                : uniqueColumns.stream().map(col -> ContactTables.checkedColumn(col.physicalName())).toList();
        String tuple = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE (" + String.join(", ", columns)
                + ") IN (" + String.join(", ", Collections.nCopies(keyed.size(), tuple)) + ")";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (ValidRow row : keyed) {
                for (String value : uniqueValues(row)) {
                    s.setString(i++, value);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    StringBuilder key = new StringBuilder();
                    for (int k = 1; k <= columns.size(); k++) {
                        key.append(rs.getString(k).toLowerCase(Locale.ROOT)).append('\u0000');
                    }
                    taken.add(key.toString());
                }
            }
        }
        return taken;
    }

    /** Whether new rows need their unique key checked apart from the match: they are matched on something else. */
    private boolean checksTakenKeys() {
        return switch (plan.database.keyKind()) {
            case EMAIL -> plan.matchOn != ImportPlan.MatchOn.EMAIL && plan.matchOn != ImportPlan.MatchOn.EMAIL_MD5;
            case COLUMNS -> plan.matchOn != ImportPlan.MatchOn.COLUMNS || !plan.matchColumns.equals(uniqueColumns);
            default -> false;
        };
    }

    /** The values of the database's unique key in a row (EMAIL or the key columns); null when one is empty. */
    private List<String> uniqueValues(ValidRow row) {
        if (plan.database.keyKind() == KeyKind.EMAIL) {
            return row.email() == null ? null : List.of(row.email());
        }
        List<String> values = new ArrayList<>();
        for (ListColumn column : uniqueColumns) {
            String value = valueFor(row, column);
            value = value != null ? value : column.defaultValue();
            if (value == null) {
                return null;
            }
            values.add(value);
        }
        return values;
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

    private String uniqueKey(ValidRow row) {
        List<String> values = uniqueValues(row);
        if (values == null) {
            return null;
        }
        StringBuilder key = new StringBuilder();
        values.forEach(v -> key.append(v.toLowerCase(Locale.ROOT)).append('\u0000'));
        return key.toString();
    }

    private String uniqueKeyName() {
        return plan.database.keyKind() == KeyKind.EMAIL ? "EMAIL"
                : String.join(" + ", uniqueColumns.stream().map(ListColumn::name).toList());
    }

    private String keyName() {
        return switch (plan.matchOn) {
            case EMAIL, EMAIL_MD5 -> "EMAIL";
            case RECIPIENT_ID -> "RECIPIENT_ID";
            default -> String.join(" + ", plan.matchColumns.stream().map(ListColumn::name).toList());
        };
    }

    private static String keyText(ValidRow row) {
        StringJoiner text = new StringJoiner(" | ");
        for (Object v : row.matchValues()) {
            text.add(String.valueOf(v));
        }
        return text.toString();
    }

    private Map<String, List<Existing>> matches(Connection c, List<ValidRow> rows) throws SQLException {
        List<ValidRow> keyed = rows.stream().filter(r -> r.matchKey() != null).toList();
        Map<String, List<Existing>> found = new HashMap<>();
        if (keyed.isEmpty()) {
            return found;
        }
        String keyExpr = switch (plan.matchOn) {
            case EMAIL -> "email";
            case EMAIL_MD5 -> "email_md5";
            case RECIPIENT_ID -> "recipient_id";
            default -> String.join(", ", plan.matchColumns.stream().map(col -> ContactTables.checkedColumn(col.physicalName())).toList());
        };
        int width = plan.matchOn == ImportPlan.MatchOn.COLUMNS ? plan.matchColumns.size() : 1;
        String tuple = width == 1 ? "?" : "(" + "?, ".repeat(width - 1) + "?)";
        StringJoiner in = new StringJoiner(", ", "(", ")");
        keyed.forEach(r -> in.add(tuple));
        String sql = "SELECT recipient_id, opted_out, job_id, job_row, consent_status, consent_date, consent_source, "
                + keyExpr + " FROM " + table + " WHERE " + (width == 1 ? keyExpr : "(" + keyExpr + ")") + " IN " + in;
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            for (ValidRow r : keyed) {
                for (Object v : r.matchValues()) {
                    s.setObject(i++, v);
                }
            }
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    StringBuilder key = new StringBuilder();
                    // Same shape as RowValidator's match key: column values each end in \u0000, even just one.
                    if (plan.matchOn != ImportPlan.MatchOn.COLUMNS) {
                        key.append(rs.getString(8).toLowerCase(Locale.ROOT));
                    } else {
                        for (int k = 0; k < width; k++) {
                            key.append(rs.getString(8 + k).toLowerCase(Locale.ROOT)).append('\u0000');
                        }
                    }
                    long lastJob = rs.getLong(3);
                    Long jobOf = rs.wasNull() ? null : lastJob;
                    long lastRow = rs.getLong(4);
                    Long rowOf = rs.wasNull() ? null : lastRow;
                    found.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(new Existing(rs.getLong(1),
                            rs.getTimestamp(2) != null, jobOf, rowOf, rs.getString(5), rs.getString(6), rs.getString(7)));
                }
            }
        }
        return found;
    }

    /** The new contacts as LOAD DATA input. */
    private byte[] insertData(List<ValidRow> rows, String stamp) {
        List<ListColumn> columns = plan.columns;
        StringBuilder tsv = new StringBuilder(rows.size() * 200);
        for (ValidRow row : rows) {
            field(tsv, row.email()).append('\t');
            field(tsv, row.optedIn() == null ? stamp : text(row.optedIn())).append('\t');
            field(tsv, row.optOut() ? stamp : null).append('\t');
            field(tsv, row.consentStatus()).append('\t');
            field(tsv, row.consentDate() == null ? null : text(row.consentDate())).append('\t');
            field(tsv, row.consentSource()).append('\t');
            tsv.append(row.rowNumber()).append('\t');
            tsv.append(row.emailType() == null ? 0 : row.emailType()).append('\t');
            field(tsv, row.optInDetails());
            for (int k = 0; k < columns.size(); k++) {
                int target = targetOfColumn[k];
                String value = target < 0 ? null : row.values()[target];
                field(tsv.append('\t'), value != null ? value : columns.get(k).defaultValue());
            }
            tsv.append('\n');
        }
        return tsv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Adds the batch's new contacts with LOAD DATA LOCAL from a buffer built here (no file): the
     * fastest way into InnoDB, inside the batch's transaction like everything else.
     */
    private void insert(Connection c, List<ValidRow> rows, byte[] data, String stamp) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>(List.of("email", "opted_in", "opted_out", "consent_status", "consent_date",
                "consent_source", "job_row", "email_type", "opt_in_details"));
        for (ListColumn column : plan.columns) {
            columns.add(ContactTables.checkedColumn(column.physicalName()));
        }
        try (Statement s = c.createStatement()) {
            // what is the same for the whole batch is written once; created_from keeps its default, 1 (import)
            int added = loadData(s, table, columns, data, " SET last_modified = '" + stamp + "', job_id = " + jobId);
            if (added != rows.size()) {
                // LOAD DATA skips rows that collide with a unique key; the lookup said none would.
                throw new IllegalStateException("the database took " + added + " of " + rows.size()
                        + " new contacts (rows " + rows.get(0).rowNumber() + "-" + rows.get(rows.size() - 1).rowNumber()
                        + "): two of them have keys the database treats as equal");
            }
        }
        if (!contactLists.isEmpty()) {
            // The new contacts are the table's newest: from the first id LOAD DATA generated on, written by this job.
            long firstId;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT LAST_INSERT_ID()")) {
                rs.next();
                firstId = rs.getLong(1);
            }
            addToContactLists(c, "SELECT ?, recipient_id FROM " + table + " WHERE recipient_id >= " + firstId
                    + " AND job_id = " + jobId + " AND job_row BETWEEN " + rows.get(0).rowNumber() + " AND "
                    + rows.get(rows.size() - 1).rowNumber());
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
     * Rewrites existing contacts: the batch's new values go into a temporary table by LOAD DATA, then
     * one statement applies them all. Far cheaper for the server than parsing a statement with a
     * literal per value. Each tuple is (recipient_id, email, user columns..., opted_out,
     * consent_status, consent_date, consent_source, job_row, email_type, opt_in_details); a null
     * leaves the contact's value as it is, except for consent. The batch's time and the job's id are
     * the same for all, so they are written once, in the statement.
     */
    private void rewrite(Connection c, byte[] data, String stamp) throws SQLException {
        if (data == null) {
            return;
        }
        List<String> columns = rewriteColumns();
        try (Statement s = c.createStatement()) {
            // temporary tables are the connection's own and need no commit: safe inside the batch's transaction
            s.execute("DROP TEMPORARY TABLE IF EXISTS listgate_rewrite");
            s.execute(rewriteTableSql());
            loadData(s, "listgate_rewrite", columns, data, "");
            s.executeUpdate(rewriteSql(stamp));
            // OPT_OUT jobs have no contact lists
            addToContactLists(c, "SELECT ?, recipient_id FROM listgate_rewrite");
            s.execute("DROP TEMPORARY TABLE listgate_rewrite");
        }
    }

    /** The tuples as LOAD DATA input for the temporary table; null for none. */
    private static byte[] rewriteData(List<Object[]> tuples) {
        if (tuples.isEmpty()) {
            return null;
        }
        StringBuilder tsv = new StringBuilder(tuples.size() * 200);
        for (Object[] tuple : tuples) {
            for (int i = 0; i < tuple.length; i++) {
                field(i == 0 ? tsv : tsv.append('\t'), tuple[i] == null ? null : tuple[i].toString());
            }
            tsv.append('\n');
        }
        return tsv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The temporary table of new values: user columns as TEXT, whose values the server keeps apart
     * from the row, where the contacts' wide VARCHARs would make every row it copies tens of KB.
     */
    private String rewriteTableSql() {
        StringJoiner ddl = new StringJoiner(", ", "CREATE TEMPORARY TABLE listgate_rewrite (", ") CHARACTER SET utf8mb4");
        rewriteColumnTypes().forEach((column, type) -> ddl.add(column + " " + type));
        return ddl.toString();
    }

    private List<String> rewriteColumns() {
        return List.copyOf(rewriteColumnTypes().keySet());
    }

    /** The temporary table's columns, in the order of a tuple, with their types. */
    private Map<String, String> rewriteColumnTypes() {
        Map<String, String> columns = new LinkedHashMap<>();
        columns.put("recipient_id", "BIGINT NOT NULL");
        columns.put("email", "VARCHAR(254) NULL");
        for (ImportPlan.Target target : plan.targets) {
            columns.put(ContactTables.checkedColumn(target.column().physicalName()), "TEXT NULL");
        }
        columns.put("opted_out", "DATETIME(3) NULL");
        columns.put("consent_status", "VARCHAR(10) NULL");
        columns.put("consent_date", "DATETIME(3) NULL");
        columns.put("consent_source", "VARCHAR(255) NULL");
        columns.put("job_row", "BIGINT NULL");
        columns.put("email_type", "SMALLINT NOT NULL");
        columns.put("opt_in_details", "VARCHAR(255) NULL");
        return columns;
    }

    /**
     * Every row of the temporary table names an existing contact, so INSERT ... ON DUPLICATE KEY
     * UPDATE updates each in place as it reads it; a multi-table UPDATE would first copy every
     * change into an internal temporary table with an index.
     */
    private String rewriteSql(String stamp) {
        List<String> columns = rewriteColumns();
        // the contact's own columns are qualified: unqualified they are ambiguous with the SELECT's
        String t = table + ".";
        StringJoiner set = new StringJoiner(", ");
        // Only what can change is assigned: an unchanged key keeps its index entries (and EMAIL its MD5) untouched.
        if (!emailKept()) {
            set.add(t + "email = COALESCE(VALUES(email), " + t + "email)");
        }
        for (ImportPlan.Target target : plan.targets) {
            if (!target.column().key()) {
                String column = ContactTables.checkedColumn(target.column().physicalName());
                set.add(t + column + " = COALESCE(VALUES(" + column + "), " + t + column + ")");
            }
        }
        // An update never opts a contact back in: opted_out only ever goes from empty to a date.
        set.add(t + "opted_out = COALESCE(" + t + "opted_out, VALUES(opted_out))");
        for (String column : List.of("consent_status", "consent_date", "consent_source", "job_row")) {
            set.add(t + column + " = VALUES(" + column + ")");
        }
        // a time the server formatted, and a number: safe as literals
        set.add(t + "last_modified = '" + stamp + "'").add(t + "job_id = " + jobId);
        // email_type is NOT NULL, so "not given" travels as -1
        set.add(t + "email_type = IF(VALUES(email_type) < 0, " + t + "email_type, VALUES(email_type))")
                .add(t + "opt_in_details = COALESCE(VALUES(opt_in_details), " + t + "opt_in_details)");
        // opted_in and last_modified only fill the NOT NULL columns of an insert that never happens
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ", opted_in, last_modified) SELECT "
                + String.join(", ", columns) + ", '" + stamp + "', '" + stamp + "' FROM listgate_rewrite"
                + " ON DUPLICATE KEY UPDATE " + set;
    }

    /** A contact of an EMAIL-keyed database (or matched on EMAIL) keeps its address; others may get one from the file. */
    private boolean emailKept() {
        return plan.matchOn == ImportPlan.MatchOn.EMAIL || plan.matchOn == ImportPlan.MatchOn.EMAIL_MD5
                || plan.database.keyKind() == KeyKind.EMAIL;
    }

    private Object[] updateParameters(ValidRow row, Existing match, LocalDateTime now) {
        List<Object> p = new ArrayList<>();
        p.add(match.recipientId());
        p.add(emailKept() ? null : row.email());
        for (int t = 0; t < row.values().length; t++) {
            // A contact's key columns, like an EMAIL key, are not changed by an import.
            p.add(plan.targets.get(t).column().key() ? null : row.values()[t]);
        }
        p.add(row.optOut() ? text(now) : null);
        String status = match.consentStatus();
        String date = match.consentDate();
        String source = match.consentSource();
        if (row.consentStatus() != null) {
            String wanted = consent.honorOptOutStatus() && OPTED_OUT.equals(status) ? status : row.consentStatus();
            if (!wanted.equals(status) || consent.overrideOnNoChange()) {
                date = text(row.consentDate());
                source = row.consentSource();
            }
            status = wanted;
        }
        p.add(status);
        p.add(date);
        p.add(source);
        addStamps(p, row);
        return p.toArray();
    }

    /** OPT_OUT: the contact keeps everything but gets an opt-out date (its first one stays). */
    private Object[] optOutParameters(ValidRow row, Existing match, LocalDateTime now) {
        List<Object> p = new ArrayList<>();
        p.add(match.recipientId());
        p.add(null);
        for (int i = 0; i < plan.targets.size(); i++) {
            p.add(null);
        }
        p.add(text(now));
        p.add(match.consentStatus());
        p.add(match.consentDate());
        p.add(match.consentSource());
        addStamps(p, row);
        return p.toArray();
    }

    /** The row's own stamps; the batch's time and the job's id go into the statement once. */
    private void addStamps(List<Object> p, ValidRow row) {
        p.add(row.rowNumber());
        boolean rowFields = plan.action != Action.OPT_OUT;
        p.add(rowFields && row.emailType() != null ? row.emailType() : -1);
        p.add(rowFields ? row.optInDetails() : null);
    }

    /** Adds the contacts {@code select} names (its first column is the list's id) to every contact list of the mapping. */
    private void addToContactLists(Connection c, String select) throws SQLException {
        for (Long listId : contactLists) {
            try (PreparedStatement s = c.prepareStatement("INSERT IGNORE INTO contact_list_member (list_id, recipient_id) "
                    + select)) {
                s.setLong(1, listId);
                s.executeUpdate();
            }
        }
    }
}
