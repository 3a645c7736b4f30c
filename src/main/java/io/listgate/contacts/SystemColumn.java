package io.listgate.contacts;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The columns every contact table has besides the user's, declared once: the table's DDL, the
 * columns SelectRecipientData reads, the columns an import loads and stages all come from here.
 */
public enum SystemColumn {
    RECIPIENT_ID("BIGINT", "NOT NULL AUTO_INCREMENT"),
    EMAIL("VARCHAR(254)", "NULL"),
    /** MD5 of the lower-cased address, for imports with ENCODED_AS_MD5. */
    EMAIL_MD5("CHAR(32)", "AS (MD5(LOWER(email))) PERSISTENT"),
    EMAIL_TYPE("SMALLINT", "NOT NULL DEFAULT 0"),
    CREATED_FROM("SMALLINT", "NOT NULL DEFAULT 1"),
    OPTED_IN("DATETIME(3)", "NOT NULL"),
    OPT_IN_DETAILS("VARCHAR(255)", "NULL"),
    OPTED_OUT("DATETIME(3)", "NULL"),
    LAST_MODIFIED("DATETIME(3)", "NOT NULL"),
    CONSENT_STATUS("VARCHAR(10)", "NULL"),
    CONSENT_DATE("DATETIME(3)", "NULL"),
    CONSENT_SOURCE("VARCHAR(255)", "NULL"),
    /**
     * The import job and row that last wrote the contact: tells in-file duplicates apart and lets a
     * job rerun after a crash recognise its own work.
     */
    JOB_ID("BIGINT", "NULL"),
    JOB_ROW("BIGINT", "NULL");

    /** What SelectRecipientData reads, in its order: every column but the generated MD5. */
    static final List<SystemColumn> READ = Arrays.stream(values()).filter(c -> c != EMAIL_MD5).toList();

    private final String type;
    private final String definition;

    SystemColumn(String type, String definition) {
        this.type = type;
        this.definition = definition;
    }

    /** The SQL column name. */
    public String column() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The column's SQL type without nullability, for staging tables and added columns. */
    public String type() {
        return type;
    }

    /** The column's definition in {@code CREATE TABLE}. */
    String definition() {
        return column() + " " + type + " " + definition;
    }

    /** The SQL names of {@code columns}, comma-separated. */
    static String list(List<SystemColumn> columns) {
        return columns.stream().map(SystemColumn::column).collect(Collectors.joining(", "));
    }
}
