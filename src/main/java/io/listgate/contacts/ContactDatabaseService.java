package io.listgate.contacts;

import io.listgate.api.ApiDates;
import io.listgate.api.Fault;
import io.listgate.db.Database;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import org.apache.ibatis.exceptions.PersistenceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Databases, contact lists and their columns, always scoped to one organization: a list of
 * another organization is reported exactly like one that does not exist.
 */
public final class ContactDatabaseService {

    /** The fields a contact has besides the database's columns, by their API names; GetListMetaData lists them. */
    public static final List<String> SYSTEM_COLUMNS = List.of("RECIPIENT_ID", "EMAIL", "EMAIL_TYPE", "CREATED_FROM",
            "OPTED_IN", "OPT_IN_DETAILS", "OPTED_OUT", "CONSENT_DATE", "CONSENT_SOURCE", "CONSENT_STATUS_CODE");

    private static final Logger LOG = LoggerFactory.getLogger(ContactDatabaseService.class);
    /** DEFAULT of a DATE column: the vendor's default LIST_DATE_FORMAT, mm/dd/yyyy. */
    private static final DateTimeFormatter DEFAULT_DATE = DateTimeFormatter.ofPattern("M/d/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    private final Database database;
    private final ContactListMapper lists;
    private final ContactTables tables;

    public ContactDatabaseService(Database database) {
        this.database = database;
        this.lists = database.mapper(ContactListMapper.class);
        this.tables = new ContactTables(database.dataSource());
    }

    /**
     * Records a database with its columns, on the caller's transaction; fails when the name is taken
     * in the organization. Its table comes with {@link #createTable}, after the commit, since DDL
     * commits by itself.
     */
    public ContactList createDatabase(long organizationId, Long userId, String name, int listType, int visibility,
                                      String parentFolderPath, List<ColumnSpec> columns) {
        checkName(name);
        if (lists.findByName(organizationId, null, name).isPresent()) {
            throw Fault.INVALID_VALUE.exception("A database named '" + name + "' already exists");
        }
        checkNoCaseTwins(columns);
        boolean emailKey = columns.stream().anyMatch(c -> c.key() && ColumnNames.same(c.name(), "EMAIL"));
        boolean columnKeys = columns.stream().anyMatch(c -> c.key() && !ColumnNames.same(c.name(), "EMAIL"));
        KeyKind kind = columnKeys ? KeyKind.COLUMNS : emailKey ? KeyKind.EMAIL : KeyKind.NONE;
        ContactListMapper.ListInsert insert = new ContactListMapper.ListInsert(organizationId, null, name, listType,
                visibility, parentFolderPath, kind, userId);
        try {
            lists.insertList(insert);
        } catch (PersistenceException e) {
            // Lost a race with another CREATE of the same name.
            throw Fault.INVALID_VALUE.exception("A database named '" + name + "' already exists");
        }
        int position = 0;
        for (ColumnSpec spec : columns) {
            if (!isSystemColumn(spec.name())) {
                insertColumn(insert.id, ++position, spec);
            }
        }
        ContactList created = lists.findList(organizationId, insert.id).orElseThrow();
        LOG.info("Recorded database {} '{}' ({} columns, key {})", created.id(), name, position, kind);
        return created;
    }

    /**
     * Refuses, before anything is stored, columns the database's table could not hold: names and
     * defaults longer than the catalogue keeps, more key columns than one unique index fits, more
     * columns than a row fits. {@code db} is empty for a database still to be created; columns it
     * already has are left out, as {@link #addMissingColumns} leaves them.
     */
    public void checkColumnsFit(Optional<ContactList> db, List<ColumnSpec> columns) {
        List<ListColumn> existing = db.map(d -> lists.columns(d.id())).orElse(List.of());
        int added = 0;
        int keys = 0;
        for (ColumnSpec spec : columns) {
            if (isSystemColumn(spec.name()) || ColumnNames.find(existing, spec.name()).isPresent()) {
                continue;
            }
            int length = spec.name().codePointCount(0, spec.name().length());
            if (length > ContactTables.MAX_NAME_LENGTH) {
                throw Fault.INVALID_MAPPING.exception("COLUMNS: the column name '" + abbreviated(spec.name()) + "' is "
                        + length + " characters long; a column name has at most " + ContactTables.MAX_NAME_LENGTH);
            }
            if (spec.defaultValue() != null && spec.defaultValue().length() > ContactTables.MAX_DEFAULT_LENGTH) {
                throw Fault.INVALID_MAPPING.exception("COLUMNS: the DEFAULT_VALUE of column '" + abbreviated(spec.name())
                        + "' is longer than " + ContactTables.MAX_DEFAULT_LENGTH + " characters");
            }
            added++;
            // Added to an existing database, a key column becomes a plain one (addMissingColumns).
            if (spec.key() && db.isEmpty()) {
                keys++;
            }
        }
        if (keys > ContactTables.MAX_KEY_COLUMNS) {
            throw Fault.INVALID_MAPPING.exception("COLUMNS: " + keys + " key columns (KEY_COLUMN true); a database's"
                    + " unique key has at most " + ContactTables.MAX_KEY_COLUMNS + " columns besides EMAIL");
        }
        if (existing.size() + added > ContactTables.MAX_COLUMNS) {
            throw Fault.INVALID_MAPPING.exception("COLUMNS: the database would have " + (existing.size() + added)
                    + " columns; a database has at most " + ContactTables.MAX_COLUMNS + " besides the system columns");
        }
    }

    /** Column names are case-insensitive (ColumnNames): a database cannot have two differing only in case. */
    private static void checkNoCaseTwins(List<ColumnSpec> columns) {
        for (int i = 0; i < columns.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (ColumnNames.same(columns.get(i).name(), columns.get(j).name())) {
                    throw Fault.INVALID_MAPPING.exception("COLUMNS: '" + columns.get(j).name() + "' and '" + columns.get(i).name()
                            + "' differ only in case; column names are case-insensitive, so a database cannot have both");
                }
            }
        }
    }

    private static void checkName(String name) {
        int length = name.codePointCount(0, name.length());
        if (length > ContactTables.MAX_NAME_LENGTH) {
            throw Fault.INVALID_VALUE.exception("The name '" + abbreviated(name) + "' is " + length
                    + " characters long; a database or contact list name has at most " + ContactTables.MAX_NAME_LENGTH);
        }
    }

    /** A user-given name short enough to quote in a fault. */
    private static String abbreviated(String name) {
        return name.length() <= 40 ? name : name.substring(0, 40) + "…";
    }

    /** Creates the table of a database {@link #createDatabase} recorded. */
    public void createTable(ContactList db) {
        tables.create(db, lists.columns(db.id()));
    }

    /** Creates the database's table if a crash came between recording the database and creating it. */
    public void ensureTable(ContactList db) {
        if (!tables.exists(db)) {
            createTable(db);
        }
    }

    /** Forgets a database whose table could not be made, on the caller's transaction. */
    public void deleteDatabase(ContactList db) {
        lists.deleteColumns(db.id());
        lists.deleteList(db.id());
    }

    /** Adds the columns a non-CREATE mapping defines and the database lacks. */
    public List<ListColumn> addMissingColumns(ContactList db, List<ColumnSpec> specs) {
        List<ListColumn> known = lists.columns(db.id());
        if (specs.stream().allMatch(s -> isSystemColumn(s.name()) || ColumnNames.find(known, s.name()).isPresent())) {
            return known;
        }
        return database.inTransaction(() -> {
            lists.lockList(db.id());
            List<ListColumn> existing = new ArrayList<>(lists.columns(db.id()));
            for (ColumnSpec spec : specs) {
                if (isSystemColumn(spec.name()) || ColumnNames.find(existing, spec.name()).isPresent()) {
                    continue;
                }
                // A key cannot be added to a table that already has rows: added columns are plain.
                ColumnSpec plain = new ColumnSpec(spec.name(), spec.columnType(), spec.required(), false,
                        spec.defaultValue(), spec.selectionValues());
                existing.add(addColumnLocked(db, existing, plain));
            }
            return existing;
        });
    }

    /**
     * AddListColumn (spec xmlapi-more.md §10): a plain column, usable at once by imports, exports and
     * recipient calls, which read the catalogue on each use. Refused while an import of the database
     * waits or runs ({@code importPending}), checked under the database's row lock (ADR 16).
     */
    public ListColumn addListColumn(ContactList db, ColumnSpec spec, LongPredicate importPending) {
        if (isSystemColumn(spec.name())) {
            throw Fault.SYSTEM_COLUMN_NAME.exception("Cannot use a System field name for a List column: '" + spec.name()
                    + "' is a system field.");
        }
        int length = spec.name().codePointCount(0, spec.name().length());
        if (spec.name().isBlank() || length > ContactTables.MAX_NAME_LENGTH) {
            throw Fault.COLUMN_NAME_INVALID.exception("COLUMN_NAME is not valid for this list: a column name has 1 to "
                    + ContactTables.MAX_NAME_LENGTH + " characters.");
        }
        if (!ListColumn.ADDABLE_TYPES.contains(spec.columnType())) {
            throw Fault.COLUMN_TYPE_INVALID.exception("Column is not the right type for this API: COLUMN_TYPE "
                    + spec.columnType() + " is not one of " + new TreeSet<>(ListColumn.ADDABLE_TYPES) + ".");
        }
        if (spec.defaultValue() != null && !defaultFits(spec)) {
            throw Fault.INVALID_COLUMN_DEFAULT.exception("Invalid default value for List Column type: '"
                    + abbreviated(spec.defaultValue()) + "' is not a value of COLUMN_TYPE " + spec.columnType() + ".");
        }
        return database.inTransaction(() -> {
            lists.lockList(db.id());
            if (importPending.test(db.id())) {
                throw Fault.LIST_BUSY.exception("List " + db.id() + " has an import waiting or running; add the column"
                        + " when GetJobStatus says it has ended.");
            }
            List<ListColumn> existing = lists.columns(db.id());
            Optional<ListColumn> same = ColumnNames.find(existing, spec.name());
            if (same.isPresent()) {
                throw Fault.COLUMN_NAME_INVALID.exception("COLUMN_NAME is not valid for this list: list " + db.id()
                        + " already has the column '" + same.get().name() + "' (column names are case-insensitive).");
            }
            if (existing.size() >= ContactTables.MAX_COLUMNS) {
                throw Fault.COLUMN_NAME_INVALID.exception("COLUMN_NAME is not valid for this list: list " + db.id()
                        + " has " + existing.size() + " columns, the most a list has besides the system columns.");
            }
            return addColumnLocked(db, existing, spec);
        });
    }

    /** Whether a column's DEFAULT is a value of its type, read as an import reads the type's values. */
    private static boolean defaultFits(ColumnSpec spec) {
        String value = spec.defaultValue().strip();
        if (spec.defaultValue().length() > ContactTables.MAX_DEFAULT_LENGTH) {
            return false;
        }
        try {
            switch (spec.columnType()) {
                case ListColumn.YES_NO -> {
                    String lower = value.toLowerCase(Locale.ROOT);
                    return ListColumn.YES_WORDS.contains(lower) || ListColumn.NO_WORDS.contains(lower);
                }
                case ListColumn.NUMERIC -> new BigDecimal(value);
                case ListColumn.DATE -> LocalDate.parse(value, DEFAULT_DATE);
                case ListColumn.TIME -> LocalTime.parse(value.length() == 5 ? value + ":00" : value);
                case ListColumn.SELECT_ONE, ListColumn.MULTI_SELECT -> {
                    if (spec.selectionValues() == null) {
                        return true;
                    }
                    List<String> allowed = Arrays.stream(spec.selectionValues().split(";")).map(String::strip).toList();
                    return Arrays.stream(value.split(";")).map(String::strip)
                            .allMatch(v -> allowed.stream().anyMatch(a -> a.equalsIgnoreCase(v)));
                }
                default -> {
                    return true;
                }
            }
            return true;
        } catch (NumberFormatException | DateTimeParseException e) {
            return false;
        }
    }

    /**
     * Records the column and adds it to the table, inside a transaction holding the database's row
     * lock. The ALTER runs on a connection of its own (DDL commits by itself); the catalogue row
     * commits after it, so nobody sees a column the table lacks.
     */
    private ListColumn addColumnLocked(ContactList db, List<ListColumn> existing, ColumnSpec spec) {
        int position = existing.stream().mapToInt(ListColumn::position).max().orElse(0) + 1;
        ListColumn column = insertColumn(db.id(), position, spec);
        tables.addColumn(db, column);
        LOG.info("Added column '{}' to database {}", spec.name(), db.id());
        return column;
    }

    /** Makes sure the database's table has the consent columns of {@code channel} (VOICE's and VOICEMAIL's come on first use). */
    public void ensureConsentColumns(ContactList db, ConsentChannel channel) {
        tables.addConsentColumns(db, channel);
    }

    /** The database holding a list's contacts: the list itself, or a contact list's parent. */
    public ContactList databaseOf(ContactList list) {
        return list.isContactList() ? find(list.organizationId(), list.databaseId()).orElseThrow() : list;
    }

    /** The consent channels the database's table records (SMS always; VOICE and VOICEMAIL once used). */
    public List<ConsentChannel> consentChannels(ContactList db) {
        return tables.consentChannels(db);
    }

    /** Makes sure matching on these (non-key) columns is indexed. */
    public void ensureIndexed(ContactList db, List<ListColumn> columns) {
        for (ListColumn column : columns) {
            if (!column.indexed() && !column.key()) {
                tables.addIndex(db, column);
                lists.markIndexed(db.id(), column.position());
            }
        }
    }

    private ListColumn insertColumn(long listId, int position, ColumnSpec spec) {
        ListColumn column = new ListColumn(listId, position, spec.name(), spec.columnType(), spec.required(),
                spec.key(), spec.defaultValue(), spec.selectionValues(), "c" + position, false);
        lists.insertColumn(column);
        return column;
    }

    /** Whether the name (in any case) is a system field: those are never created as user columns. */
    public static boolean isSystemColumn(String name) {
        return ColumnNames.contains(SYSTEM_COLUMNS, name);
    }

    public Optional<ContactList> find(long organizationId, long listId) {
        return lists.findList(organizationId, listId);
    }

    /** A database (not a contact list) of the organization, or the fault a client sees for a bad LIST_ID. */
    public ContactList requireDatabase(long organizationId, long listId) {
        return find(organizationId, listId).filter(l -> !l.isContactList()).orElseThrow(() ->
                Fault.NOT_FOUND.exception("LIST_ID " + listId + " is not a database of this organization"));
    }

    public List<ListColumn> columns(long listId) {
        return lists.columns(listId);
    }

    public List<ContactList> lists(long organizationId, Integer visibility, List<Integer> types) {
        return lists.lists(organizationId, visibility, types);
    }

    /** The organization's database of this name, or a database's contact list of this name ({@code parentId}). */
    public Optional<ContactList> findByName(long organizationId, Long parentId, String name) {
        return lists.findByName(organizationId, parentId, name);
    }

    public ContactList createContactList(long organizationId, Long userId, long databaseId, String name,
                                         int visibility, String parentFolderPath) {
        ContactList db = requireDatabase(organizationId, databaseId);
        checkName(name);
        if (lists.findByName(organizationId, db.id(), name).isPresent()) {
            throw Fault.INVALID_VALUE.exception("Database " + databaseId + " already has a contact list named '" + name + "'");
        }
        ContactListMapper.ListInsert insert = new ContactListMapper.ListInsert(organizationId, db.id(), name,
                ContactList.CONTACT_LIST, visibility, parentFolderPath, db.keyKind(), userId);
        lists.insertList(insert);
        return lists.findList(organizationId, insert.id).orElseThrow();
    }

    /** Contacts in a database (or members of a contact list) and how many of them are opted out. */
    public record Size(long size, long optedOut) {
    }

    /** MariaDB's ER_NO_SUCH_TABLE. */
    private static final int NO_SUCH_TABLE = 1146;

    /**
     * How many contacts; none while the database's table does not exist yet (recorded, then the
     * server died before creating it: its first job creates it).
     */
    public Size size(ContactList list) {
        String sql = list.isContactList()
                ? "SELECT COUNT(*), COUNT(c.opted_out) FROM contact_list_member m JOIN "
                        + ContactTables.checkedTable("contacts_" + list.parentId())
                        + " c ON c.recipient_id = m.recipient_id WHERE m.list_id = ?"
                : "SELECT COUNT(*), COUNT(opted_out) FROM " + ContactTables.checkedTable(list.table());
        return database.retrying("counting list " + list.id(), () -> {
            try (Connection c = database.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
                if (list.isContactList()) {
                    s.setLong(1, list.id());
                }
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new Size(rs.getLong(1), rs.getLong(2));
                }
            } catch (SQLException e) {
                if (e.getErrorCode() == NO_SUCH_TABLE) {
                    LOG.warn("Database {} has no table yet; counted as empty", list.databaseId());
                    return new Size(0, 0);
                }
                throw new IllegalStateException("cannot count list " + list.id() + ": " + e.getMessage(), e);
            }
        });
    }

    /** Contacts a database gained (by their opt-in date, when they were added) and lost to opt-out, on one day. */
    public record DayCount(LocalDate day, long added, long optedOut) {
    }

    /**
     * A database's contacts added and opted out per day, oldest first (the databases page's chart),
     * aggregated by the database, not here; empty while its table does not exist.
     */
    public List<DayCount> perDay(ContactList db) {
        if (db.isContactList()) {
            return List.of();
        }
        String table = ContactTables.checkedTable(db.table());
        String sql = "SELECT d, SUM(added), SUM(opted) FROM ("
                + "SELECT DATE(opted_in) AS d, COUNT(*) AS added, 0 AS opted FROM " + table + " GROUP BY DATE(opted_in)"
                + " UNION ALL SELECT DATE(opted_out), 0, COUNT(*) FROM " + table
                + " WHERE opted_out IS NOT NULL GROUP BY DATE(opted_out)) x GROUP BY d ORDER BY d";
        return database.retrying("counting database " + db.id() + " per day", () -> {
            List<DayCount> days = new ArrayList<>();
            try (Connection c = database.dataSource().getConnection();
                 PreparedStatement s = c.prepareStatement(sql);
                 ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    days.add(new DayCount(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getLong(3)));
                }
            } catch (SQLException e) {
                if (e.getErrorCode() == NO_SUCH_TABLE) {
                    return List.of();
                }
                throw new IllegalStateException("cannot count database " + db.id() + " per day: " + e.getMessage(), e);
            }
            return days;
        });
    }

    /** How SelectRecipientData identifies a contact: EMAIL, RECIPIENT_ID, or key/sync column values. */
    public record ContactQuery(String email, Long recipientId, Map<String, String> columns) {
    }

    /** The first contact (lowest RECIPIENT_ID) of the database matching the query. */
    public Optional<Contact> findContact(ContactList db, ContactQuery query) {
        List<ListColumn> columns = columns(db.id());
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (query.recipientId() != null) {
            conditions.add("recipient_id = ?");
            values.add(query.recipientId());
        }
        if (query.email() != null) {
            conditions.add("email = ?");
            values.add(query.email());
        }
        for (Map.Entry<String, String> entry : query.columns().entrySet()) {
            ListColumn column = ColumnNames.find(columns, entry.getKey()).orElseThrow(() ->
                    Fault.INVALID_VALUE.exception("COLUMN '" + entry.getKey() + "' is not a column of database " + db.id()));
            conditions.add(ContactTables.checkedColumn(column.physicalName()) + " = ?");
            values.add(entry.getValue());
        }
        if (conditions.isEmpty()) {
            throw Fault.MISSING_ELEMENT.exception("SelectRecipientData needs EMAIL, RECIPIENT_ID or COLUMN to find the contact");
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(SystemColumn.list(SystemColumn.READ));
        for (ListColumn column : columns) {
            sql.append(", ").append(ContactTables.checkedColumn(column.physicalName()));
        }
        sql.append(" FROM ").append(ContactTables.checkedTable(db.table())).append(" WHERE ")
                .append(String.join(" AND ", conditions)).append(" ORDER BY recipient_id LIMIT 1");
        return database.retrying("reading a contact of database " + db.id(), () -> {
            try (Connection c = database.dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < values.size(); i++) {
                    s.setObject(i + 1, values.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    Map<String, String> byName = new LinkedHashMap<>();
                    int first = SystemColumn.READ.size() + 1;
                    for (int i = 0; i < columns.size(); i++) {
                        String value = rs.getString(first + i);
                        byName.put(columns.get(i).name(), value == null ? "" : shown(columns.get(i), value));
                    }
                    return Optional.of(new Contact(rs.getLong("recipient_id"), rs.getString("email"), rs.getInt("email_type"),
                            rs.getInt("created_from"), time(rs, "opted_in"), time(rs, "opted_out"), time(rs, "last_modified"),
                            rs.getString("consent_status"), time(rs, "consent_date"), rs.getString("consent_source"), byName));
                }
            } catch (SQLException e) {
                if (e.getErrorCode() == NO_SUCH_TABLE) {
                    return Optional.empty(); // no table yet: no contacts yet
                }
                throw new IllegalStateException("cannot read a contact of database " + db.id() + ": " + e.getMessage(), e);
            }
        });
    }

    /** DATE columns are stored as ISO dates and shown in Acoustic's default mm/dd/yyyy. */
    private static String shown(ListColumn column, String stored) {
        if (column.columnType() == ListColumn.DATE) {
            try {
                return ApiDates.date(LocalDate.parse(stored));
            } catch (DateTimeParseException e) {
                return stored;
            }
        }
        return stored;
    }

    private static LocalDateTime time(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toLocalDateTime();
    }

    public void touch(long listId) {
        lists.touch(listId);
    }
}
