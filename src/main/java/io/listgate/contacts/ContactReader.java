package io.listgate.contacts;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import javax.sql.DataSource;

/**
 * Reads every contact of a database or contact list in RECIPIENT_ID order without holding them:
 * one forward-only statement whose rows the driver fetches a few thousand at a time, so an
 * export of a million contacts runs in flat memory. Column names reaching SQL are the server's
 * own ({@link ContactTables}), values are bound.
 */
public final class ContactReader {

    /** Rows the driver fetches per round trip while streaming. */
    static final int FETCH_SIZE = 4096;
    /** MariaDB's ER_NO_SUCH_TABLE: a database recorded whose table its first job has not created yet. */
    private static final int NO_SUCH_TABLE = 1146;

    private final DataSource dataSource;

    public ContactReader(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Which contacts: every one, the opted-in, the opted-out, or the undeliverable (none: nothing bounces here). */
    public enum Subset { ALL, OPTED_IN, OPTED_OUT, UNDELIVERABLE }

    /**
     * Contacts of the subset whose last change (or creation, {@code byCreated}: their opt-in date,
     * which is set when a contact is added) lies in {@code [from, to]}; an absent bound is open.
     */
    public record Selection(Subset subset, Optional<LocalDateTime> from, Optional<LocalDateTime> to, boolean byCreated) {
    }

    /** One contact while it is read; valid only inside {@link Sink#accept}. */
    public interface Row {
        long recipientId() throws SQLException;

        String email() throws SQLException;

        int emailType() throws SQLException;

        LocalDateTime optedIn() throws SQLException;

        String optInDetails() throws SQLException;

        LocalDateTime optedOut() throws SQLException;

        LocalDateTime lastModified() throws SQLException;

        /** The stored text of the {@code index}th of the columns asked for; null for none. */
        String value(int index) throws SQLException;

        /** In {@link #readOptOuts}: the channel the contact left ({@link #EMAIL} or a {@link ConsentChannel}); null elsewhere. */
        String channel() throws SQLException;
    }

    /** The email opt-out channel, recorded by {@code opted_out}; the others by their {@link ConsentChannel} columns. */
    public static final String EMAIL = "EMAIL";
    /** CONSENT_STATUS of a channel opt-out, as imports, hot folders and recipient calls store it. */
    private static final String CONSENT_OPTED_OUT = "OPTED-OUT";

    /** Takes each row; returning false stops the reading. */
    @FunctionalInterface
    public interface Sink {
        boolean accept(Row row) throws IOException, SQLException;
    }

    /**
     * Streams the selected contacts of {@code list} with the values of {@code columns} (columns of its
     * database) to {@code sink}; returns how many it was given.
     */
    public long read(ContactList list, List<ListColumn> columns, Selection selection, Sink sink)
            throws IOException, SQLException {
        StringBuilder sql = new StringBuilder("SELECT c.recipient_id, c.email, c.email_type, c.opted_in, c.opt_in_details,"
                + " c.opted_out, c.last_modified");
        for (ListColumn column : columns) {
            sql.append(", c.").append(ContactTables.checkedColumn(column.physicalName()));
        }
        List<Object> values = new ArrayList<>();
        from(sql, list, values);
        switch (selection.subset()) {
            case OPTED_IN -> sql.append(" AND c.opted_out IS NULL");
            case OPTED_OUT -> sql.append(" AND c.opted_out IS NOT NULL");
            case UNDELIVERABLE -> sql.append(" AND FALSE");
            case ALL -> { }
            default -> throw new IllegalArgumentException(selection.subset().name());
        }
        String dateColumn = selection.byCreated() ? "c.opted_in" : "c.last_modified";
        selection.from().ifPresent(from -> {
            sql.append(" AND ").append(dateColumn).append(" >= ?");
            values.add(Timestamp.valueOf(from));
        });
        selection.to().ifPresent(to -> {
            sql.append(" AND ").append(dateColumn).append(" <= ?");
            values.add(Timestamp.valueOf(to));
        });
        sql.append(" ORDER BY c.recipient_id");
        return stream(sql.toString(), values, 0, sink);
    }

    /**
     * Streams the contacts of {@code list} who opted out of a channel in {@code [from, to]}, one row per
     * contact and channel, in RECIPIENT_ID order: {@link Row#optedOut} is when they left that channel,
     * {@link Row#channel} which one (EMAIL by the opt-out date, each of {@code channels} by its consent status
     * OPTED-OUT and its date).
     */
    public long readOptOuts(ContactList list, List<ListColumn> columns, List<ConsentChannel> channels, LocalDateTime from,
                            LocalDateTime to, Sink sink) throws IOException, SQLException {
        List<Object> values = new ArrayList<>();
        StringJoiner union = new StringJoiner(") UNION ALL (", "(", ")");
        union.add(optOutSelect(list, columns, "c.opted_out", EMAIL, "", values, from, to));
        for (ConsentChannel channel : channels) {
            // the channel's columns are the server's own names, declared in ConsentChannel
            union.add(optOutSelect(list, columns, "c." + channel.columns().get(1), channel.name(),
                    " AND c." + channel.columns().get(0) + " = ?", values, from, to));
        }
        // the channel is the last column, after the database's
        return stream(union + " ORDER BY 1, " + (ResultRow.FIRST_VALUE + columns.size()),
                values, ResultRow.FIRST_VALUE + columns.size(), sink);
    }

    private static String optOutSelect(ContactList list, List<ListColumn> columns, String when, String channel, String also,
                                       List<Object> values, LocalDateTime from, LocalDateTime to) {
        StringBuilder sql = new StringBuilder("SELECT c.recipient_id, c.email, c.email_type, c.opted_in, c.opt_in_details, ")
                .append(when).append(", c.last_modified");
        for (ListColumn column : columns) {
            sql.append(", c.").append(ContactTables.checkedColumn(column.physicalName()));
        }
        sql.append(", '").append(channel).append("'");
        from(sql, list, values);
        sql.append(also).append(" AND ").append(when).append(" >= ? AND ").append(when).append(" <= ?");
        if (!also.isEmpty()) {
            values.add(CONSENT_OPTED_OUT);
        }
        values.add(Timestamp.valueOf(from));
        values.add(Timestamp.valueOf(to));
        return sql.toString();
    }

    /** {@code FROM} the database's table (through the members of a contact list) and a {@code WHERE} to extend. */
    private static void from(StringBuilder sql, ContactList list, List<Object> values) {
        String table = ContactTables.checkedTable("contacts_" + list.databaseId());
        if (list.isContactList()) {
            sql.append(" FROM contact_list_member m JOIN ").append(table)
                    .append(" c ON c.recipient_id = m.recipient_id WHERE m.list_id = ?");
            values.add(list.id());
        } else {
            sql.append(" FROM ").append(table).append(" c WHERE TRUE");
        }
    }

    /** Runs one forward-only statement and hands its rows to {@code sink}; {@code channelIndex} 0: no channel column. */
    private long stream(String sql, List<Object> values, int channelIndex, Sink sink) throws IOException, SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(FETCH_SIZE);
            for (int i = 0; i < values.size(); i++) {
                s.setObject(i + 1, values.get(i));
            }
            long count = 0;
            try (ResultSet rs = s.executeQuery()) {
                Row row = new ResultRow(rs, channelIndex);
                while (rs.next()) {
                    count++;
                    if (!sink.accept(row)) {
                        break;
                    }
                }
            }
            return count;
        } catch (SQLException e) {
            if (e.getErrorCode() == NO_SUCH_TABLE) {
                return 0;
            }
            throw e;
        }
    }

    /** The current row of the result set, read by position in the SELECT above. */
    private record ResultRow(ResultSet rs, int channelIndex) implements Row {
        private static final int FIRST_VALUE = 8;

        @Override
        public long recipientId() throws SQLException {
            return rs.getLong(1);
        }

        @Override
        public String email() throws SQLException {
            return rs.getString(2);
        }

        @Override
        public int emailType() throws SQLException {
            return rs.getInt(3);
        }

        @Override
        public LocalDateTime optedIn() throws SQLException {
            return rs.getObject(4, LocalDateTime.class);
        }

        @Override
        public String optInDetails() throws SQLException {
            return rs.getString(5);
        }

        @Override
        public LocalDateTime optedOut() throws SQLException {
            return rs.getObject(6, LocalDateTime.class);
        }

        @Override
        public LocalDateTime lastModified() throws SQLException {
            return rs.getObject(7, LocalDateTime.class);
        }

        @Override
        public String value(int index) throws SQLException {
            return rs.getString(FIRST_VALUE + index);
        }

        @Override
        public String channel() throws SQLException {
            return channelIndex == 0 ? null : rs.getString(channelIndex);
        }
    }
}
