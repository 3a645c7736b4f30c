package io.listgate.importjob;

import io.listgate.contacts.ContactTables;
import io.listgate.contacts.KeyKind;
import io.listgate.contacts.ListColumn;
import io.listgate.importjob.RowError.Reason;
import io.listgate.mapping.Action;
import io.listgate.mapping.ConsentSettings;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Applies one batch of validated rows to the database's contact table on the caller's transaction:
 * one lookup of the batch's keys, then one multi-row insert, one batched update, contact-list
 * membership. Decides each row's fate (added, updated, opted out, duplicate, skipped, not allowed).
 */
final class BatchWriter {

    private static final String OPTED_OUT = "OPTED-OUT";

    /** A contact the batch's keys matched. */
    private record Existing(long recipientId, boolean optedOut, Long jobId, Long jobRow, String consentStatus,
                            Timestamp consentDate, String consentSource) {
    }

    private final ImportPlan plan;
    private final long jobId;
    private final String table;
    private final List<Long> contactLists;
    private final ConsentSettings consent;
    /** The key columns of a database keyed on columns (its unique index). */
    private final List<ListColumn> uniqueColumns;

    BatchWriter(ImportPlan plan, long jobId) {
        this.plan = plan;
        this.jobId = jobId;
        this.table = plan.database.table();
        this.contactLists = plan.action == Action.OPT_OUT ? List.of() : plan.mapping.contactListIds();
        this.consent = plan.mapping.consent().orElse(null);
        this.uniqueColumns = plan.columns.stream().filter(ListColumn::key).toList();
    }

    /** Writes the batch; adds the rows it refuses to {@code errors} and counts every row. */
    void write(Connection c, List<ValidRow> rows, Counters counters, List<RowError> errors) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        Map<String, List<Existing>> existing = plan.matchOn == ImportPlan.MatchOn.NONE ? Map.of() : lookup(c, rows);
        Set<String> takenKeys = takenKeys(c, rows);
        LocalDateTime now = LocalDateTime.now();
        List<ValidRow> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> optOuts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ValidRow row : rows) {
            List<Existing> matches = row.matchKey() == null ? List.of() : existing.getOrDefault(row.matchKey(), List.of());
            if (row.matchKey() != null && !seen.add(row.matchKey())
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
                    } else {
                        insertOrRefuse(row, takenKeys, inserts, counters, errors);
                    }
                }
                case ADD_AND_UPDATE -> {
                    if (matches.isEmpty()) {
                        insertOrRefuse(row, takenKeys, inserts, counters, errors);
                    } else {
                        matches.forEach(m -> updates.add(updateParameters(row, m, now)));
                        valid(counters).sqlUpdated++;
                    }
                }
                case UPDATE_ONLY -> {
                    if (matches.isEmpty()) {
                        valid(counters).skipped++;
                    } else {
                        matches.forEach(m -> updates.add(updateParameters(row, m, now)));
                        valid(counters).sqlUpdated++;
                    }
                }
                case OPT_OUT -> {
                    if (matches.isEmpty()) {
                        valid(counters).skipped++;
                    } else {
                        matches.forEach(m -> optOuts.add(new Object[] {Timestamp.valueOf(now), Timestamp.valueOf(now),
                                jobId, row.rowNumber(), m.recipientId()}));
                        valid(counters).optedOut++;
                    }
                }
            }
        }
        insert(c, inserts, now);
        batch(c, updateSql(), updates);
        batch(c, "UPDATE " + table + " SET opted_out = COALESCE(opted_out, ?), last_modified = ?, job_id = ?, job_row = ?"
                + " WHERE recipient_id = ?", optOuts);
        addToContactLists(c, rows.get(0).rowNumber(), rows.get(rows.size() - 1).rowNumber());
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

    private void insertOrRefuse(ValidRow row, Set<String> takenKeys, List<ValidRow> inserts, Counters counters,
                                List<RowError> errors) {
        if (plan.matchOn == ImportPlan.MatchOn.EMAIL_MD5 || plan.matchOn == ImportPlan.MatchOn.RECIPIENT_ID) {
            reject(counters, errors, new RowError(row.rowNumber(), Reason.NOT_ALLOWED, plan.matchOn
                    == ImportPlan.MatchOn.EMAIL_MD5 ? "a contact cannot be added from an MD5-encoded email"
                    : "no contact has this RECIPIENT_ID, and one cannot be added by id", keyText(row)));
            return;
        }
        String uniqueKey = takenKeys == null ? null : uniqueKey(row);
        if (uniqueKey != null && !takenKeys.add(uniqueKey)) {
            reject(counters, errors, new RowError(row.rowNumber(), Reason.EXISTS, "the database already has a contact"
                    + " with this " + uniqueKeyName(), String.join(" | ", uniqueValues(row))));
            return;
        }
        inserts.add(row);
        valid(counters).sqlAdded++;
    }

    /**
     * For a database keyed on EMAIL or on key columns whose rows are matched on something else
     * (SYNC_FIELDS): the unique keys of the batch's rows that the database already has, so a new row
     * cannot break the unique index; null when rows are matched on the database's own key anyway.
     */
    private Set<String> takenKeys(Connection c, List<ValidRow> rows) throws SQLException {
        KeyKind kind = plan.database.keyKind();
        boolean matchedOnKey = switch (kind) {
            case EMAIL -> plan.matchOn == ImportPlan.MatchOn.EMAIL || plan.matchOn == ImportPlan.MatchOn.EMAIL_MD5;
            case COLUMNS -> plan.matchOn == ImportPlan.MatchOn.COLUMNS && plan.matchColumns.equals(uniqueColumns);
            default -> true;
        };
        if (matchedOnKey) {
            return null;
        }
        Set<String> taken = new HashSet<>();
        List<ValidRow> keyed = rows.stream().filter(r -> uniqueKey(r) != null).toList();
        if (keyed.isEmpty()) {
            return taken;
        }
        List<String> columns = kind == KeyKind.EMAIL ? List.of("email")
                : uniqueColumns.stream().map(col -> ContactTables.checkedColumn(col.physicalName())).toList();
        String tuple = "(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        String sql = "SELECT " + String.join(", ", columns) + " FROM " + table + " WHERE (" + String.join(", ", columns)
                + ") IN (" + String.join(", ", java.util.Collections.nCopies(keyed.size(), tuple)) + ")";
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

    private Map<String, List<Existing>> lookup(Connection c, List<ValidRow> rows) throws SQLException {
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
                            rs.getTimestamp(2) != null, jobOf, rowOf, rs.getString(5), rs.getTimestamp(6), rs.getString(7)));
                }
            }
        }
        return found;
    }

    private void insert(Connection c, List<ValidRow> rows, LocalDateTime now) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        List<ListColumn> columns = plan.columns;
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table)
                .append(" (email, created_from, opted_in, opted_out, last_modified, consent_status, consent_date,"
                        + " consent_source, job_id, job_row");
        for (ListColumn column : columns) {
            sql.append(", ").append(ContactTables.checkedColumn(column.physicalName()));
        }
        String one = "(?, 1, ?, ?, ?, ?, ?, ?, ?, ?" + ", ?".repeat(columns.size()) + ")";
        sql.append(") VALUES ").append(String.join(", ", java.util.Collections.nCopies(rows.size(), one)));
        Timestamp stamp = Timestamp.valueOf(now);
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (ValidRow row : rows) {
                s.setString(i++, row.email());
                s.setTimestamp(i++, stamp);
                s.setTimestamp(i++, row.optOut() ? stamp : null);
                s.setTimestamp(i++, stamp);
                s.setString(i++, row.consentStatus());
                s.setTimestamp(i++, row.consentDate() == null ? null : Timestamp.valueOf(row.consentDate()));
                s.setString(i++, row.consentSource());
                s.setLong(i++, jobId);
                s.setLong(i++, row.rowNumber());
                for (ListColumn column : columns) {
                    String value = valueFor(row, column);
                    s.setString(i++, value != null ? value : column.defaultValue());
                }
            }
            s.executeUpdate();
        }
    }

    private String valueFor(ValidRow row, ListColumn column) {
        for (int t = 0; t < plan.targets.size(); t++) {
            if (plan.targets.get(t).column().position() == column.position()) {
                return row.values()[t];
            }
        }
        return null;
    }

    private String updateSql() {
        StringBuilder sql = new StringBuilder("UPDATE ").append(table).append(" SET email = COALESCE(?, email)");
        for (ImportPlan.Target target : plan.targets) {
            String column = ContactTables.checkedColumn(target.column().physicalName());
            sql.append(", ").append(column).append(" = COALESCE(?, ").append(column).append(")");
        }
        // An update never opts a contact back in: opted_out only ever goes from empty to a date.
        sql.append(", opted_out = IF(?, COALESCE(opted_out, ?), opted_out)");
        sql.append(", consent_status = ?, consent_date = ?, consent_source = ?, last_modified = ?, job_id = ?, job_row = ?");
        sql.append(" WHERE recipient_id = ?");
        return sql.toString();
    }

    private Object[] updateParameters(ValidRow row, Existing match, LocalDateTime now) {
        List<Object> p = new ArrayList<>();
        // A contact of an EMAIL-keyed database (or matched on EMAIL) keeps its address; others may get one
        // from the file.
        p.add(plan.matchOn == ImportPlan.MatchOn.EMAIL || plan.matchOn == ImportPlan.MatchOn.EMAIL_MD5
                || plan.database.keyKind() == KeyKind.EMAIL ? null : row.email());
        for (int t = 0; t < row.values().length; t++) {
            // A contact's key columns, like an EMAIL key, are not changed by an import.
            p.add(plan.targets.get(t).column().key() ? null : row.values()[t]);
        }
        p.add(row.optOut());
        p.add(Timestamp.valueOf(now));
        String status = match.consentStatus();
        Timestamp date = match.consentDate();
        String source = match.consentSource();
        if (row.consentStatus() != null) {
            String wanted = consent.honorOptOutStatus() && OPTED_OUT.equals(status) ? status : row.consentStatus();
            if (!wanted.equals(status) || consent.overrideOnNoChange()) {
                date = Timestamp.valueOf(row.consentDate());
                source = row.consentSource();
            }
            status = wanted;
        }
        p.add(status);
        p.add(date);
        p.add(source);
        p.add(Timestamp.valueOf(now));
        p.add(jobId);
        p.add(row.rowNumber());
        p.add(match.recipientId());
        return p.toArray();
    }

    private static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (row[i] == null) {
                        s.setNull(i + 1, Types.VARCHAR);
                    } else {
                        s.setObject(i + 1, row[i]);
                    }
                }
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    private void addToContactLists(Connection c, long firstRow, long lastRow) throws SQLException {
        for (Long listId : contactLists) {
            try (PreparedStatement s = c.prepareStatement("INSERT IGNORE INTO contact_list_member (list_id, recipient_id)"
                    + " SELECT ?, recipient_id FROM " + table + " WHERE job_id = ? AND job_row BETWEEN ? AND ?")) {
                s.setLong(1, listId);
                s.setLong(2, jobId);
                s.setLong(3, firstRow);
                s.setLong(4, lastRow);
                s.executeUpdate();
            }
        }
    }
}
