package io.listgate.contacts;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DDL of the per-database contact tables. Every identifier here is built by the server
 * ({@code contacts_<id>}, {@code c<n>}) and checked against a pattern before use: user column names
 * stay in {@code list_column} and never reach SQL text.
 */
public final class ContactTables {

    /** Longest database, contact list and column name: the VARCHAR(255) of contact_list and list_column. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Longest DEFAULT_VALUE: the VARCHAR(1000) of list_column. */
    public static final int MAX_DEFAULT_LENGTH = 1000;
    /**
     * Key columns of one database: MariaDB's most parts of one index. (More than three VARCHAR(250)
     * exceed InnoDB's 3,072-byte key; MariaDB then keeps the unique key as a hash, which works alike.)
     */
    public static final int MAX_KEY_COLUMNS = 32;
    /**
     * User columns of one table. InnoDB keeps about 22 bytes of every TEXT column in a row of at most
     * 8,126 bytes (half a 16 KB page) and refuses a CREATE or ALTER beyond: beside the system columns
     * 370 fit on MariaDB 11.4; the rest is left for the key columns and for later system columns.
     */
    public static final int MAX_COLUMNS = 350;

    /** How long an ALTER waits for the table's metadata lock, held by running statements and transactions. */
    static final int DDL_LOCK_WAIT_SECONDS = 30;
    /** MariaDB's ER_ALTER_OPERATION_NOT_SUPPORTED and ..._REASON: the asked ALGORITHM cannot be used. */
    private static final int ALTER_NOT_SUPPORTED = 1845;
    private static final int ALTER_NOT_SUPPORTED_REASON = 1846;
    /** MariaDB's ER_DUP_FIELDNAME. */
    private static final int DUPLICATE_COLUMN = 1060;
    private static final Logger LOG = LoggerFactory.getLogger(ContactTables.class);

    private static final Pattern TABLE = Pattern.compile("contacts_[0-9]{1,19}");
    private static final Pattern COLUMN = Pattern.compile("c[0-9]{1,5}");

    private final DataSource dataSource;

    public ContactTables(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    static String checkedTable(String table) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a contact table name: " + table);
        }
        return table;
    }

    public static String checkedColumn(String column) {
        if (!COLUMN.matcher(column).matches()) {
            throw new IllegalArgumentException("not a contact column name: " + column);
        }
        return column;
    }

    /** Creates the table of a new database with its columns and key index. */
    public void create(ContactList database, List<ListColumn> columns) {
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(checkedTable(database.table())).append(" (\n");
        for (SystemColumn column : SystemColumn.values()) {
            ddl.append("  ").append(column.definition()).append(",\n");
        }
        for (ListColumn column : columns) {
            ddl.append("  ").append(columnDefinition(column)).append(",\n");
        }
        ddl.append("  PRIMARY KEY (recipient_id),\n");
        ddl.append(database.keyKind() == KeyKind.EMAIL ? "  UNIQUE KEY uk_email (email),\n" : "  KEY ix_email (email),\n");
        if (database.keyKind() == KeyKind.COLUMNS) {
            ddl.append("  UNIQUE KEY uk_key (").append(columns.stream().filter(ListColumn::key)
                    .map(c -> checkedColumn(c.physicalName())).collect(Collectors.joining(", "))).append("),\n");
        }
        // No index on (job_id, job_row): imports read them only from contacts they already found, and
        // each index costs every insert and update. Tables created before keep theirs.
        ddl.append("  KEY ix_email_md5 (email_md5)\n");
        ddl.append(") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci");
        execute(ddl.toString());
    }

    /** Whether the database's table exists. */
    public boolean exists(ContactList database) {
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, checkedTable(database.table()), null)) {
            return rs.next();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look for table " + database.table() + ": " + e.getMessage(), e);
        }
    }

    public void drop(ContactList database) {
        execute("DROP TABLE IF EXISTS " + checkedTable(database.table()));
    }

    /**
     * Adds a column in MariaDB's instant way, a change of the table's metadata only, however many rows
     * it has (ADR 16). Where the server cannot (an old table format), it lets MariaDB choose, which
     * may rebuild the table. The DDL waits at most {@link #DDL_LOCK_WAIT_SECONDS} for statements on the
     * table to finish instead of MariaDB's default of a year.
     */
    public void addColumn(ContactList database, ListColumn column) {
        alterInstantly(database, "ADD COLUMN " + columnDefinition(column), column.physicalName());
    }

    /**
     * Gives the table the consent columns of {@code channel} unless it has them: VOICE's and
     * VOICEMAIL's are added the first time a job of that channel runs on the table, the way
     * {@link #addColumn} adds a user column; SMS's are in every table.
     */
    public void addConsentColumns(ContactList database, ConsentChannel channel) {
        if (channel.builtIn() || hasColumn(database, channel.columns().get(0))) {
            return;
        }
        List<SystemColumn> shape = List.of(SystemColumn.CONSENT_STATUS, SystemColumn.CONSENT_DATE, SystemColumn.CONSENT_SOURCE);
        StringJoiner add = new StringJoiner(", ");
        for (int k = 0; k < shape.size(); k++) {
            add.add("ADD COLUMN IF NOT EXISTS " + channel.columns().get(k) + " " + shape.get(k).type() + " NULL");
        }
        alterInstantly(database, add.toString(), channel.name() + " consent");
    }

    /** The consent channels the table records: SMS always, VOICE and VOICEMAIL once a job of theirs gave it their columns. */
    public List<ConsentChannel> consentChannels(ContactList database) {
        return Arrays.stream(ConsentChannel.values())
                .filter(channel -> channel.builtIn() || hasColumn(database, channel.columns().get(0)))
                .toList();
    }

    private boolean hasColumn(ContactList database, String column) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM information_schema.COLUMNS"
                     + " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?")) {
            s.setString(1, checkedTable(database.table()));
            s.setString(2, column);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("contact table lookup failed: " + e.getMessage(), e);
        }
    }

    /** {@code ALTER TABLE <table> <change>}, instantly when MariaDB can; {@code what} names the change in logs. */
    private void alterInstantly(ContactList database, String change, String what) {
        String alter = "ALTER TABLE " + checkedTable(database.table()) + " " + change;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET SESSION lock_wait_timeout = " + DDL_LOCK_WAIT_SECONDS);
            try {
                s.execute(alter + ", ALGORITHM=INSTANT");
            } catch (SQLException e) {
                if (e.getErrorCode() == DUPLICATE_COLUMN) {
                    // left by an add whose catalogue row never committed: empty, since nothing knew of it
                    LOG.warn("Table {} already has column {}; taken as it is", database.table(), what);
                    return;
                }
                if (e.getErrorCode() != ALTER_NOT_SUPPORTED && e.getErrorCode() != ALTER_NOT_SUPPORTED_REASON) {
                    throw e;
                }
                LOG.warn("Table {} cannot add {} instantly ({}); MariaDB may rebuild it", database.table(), what, e.getMessage());
                s.execute(alter);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("contact table change failed: " + e.getMessage(), e);
        }
    }

    /** An index for matching on non-key columns (SYNC_FIELDS); prefix-indexed to fit any width. */
    public void addIndex(ContactList database, ListColumn column) {
        String name = checkedColumn(column.physicalName());
        execute("ALTER TABLE " + checkedTable(database.table()) + " ADD INDEX ix_" + name + " (" + name + "(191))");
    }

    /**
     * Key columns are VARCHARs of a unique index; other columns TEXT, which the server keeps out of
     * its row buffers: a VARCHAR(1000) of utf8mb4 would add 4 KB to every row copied while importing.
     * The width is checked on import either way.
     */
    private static String columnDefinition(ListColumn column) {
        return checkedColumn(column.physicalName()) + (column.key() ? " VARCHAR(" + column.width() + ") NULL" : " TEXT NULL");
    }

    private void execute(String ddl) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(ddl);
        } catch (SQLException e) {
            throw new IllegalStateException("contact table change failed: " + e.getMessage(), e);
        }
    }
}
