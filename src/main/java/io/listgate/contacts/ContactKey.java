package io.listgate.contacts;

import java.util.List;

/**
 * Which stored values a {@link MatchKey} is compared with: the address, its MD5, the RECIPIENT_ID,
 * or user columns (the database's key columns or SYNC_FIELDS), in key order.
 */
public record ContactKey(Kind kind, List<ListColumn> columns) {

    public enum Kind { EMAIL, EMAIL_MD5, RECIPIENT_ID, COLUMNS }

    public ContactKey {
        columns = List.copyOf(columns);
        if (kind == Kind.COLUMNS == columns.isEmpty()) {
            throw new IllegalArgumentException("columns go with COLUMNS keys, and only with them");
        }
    }

    public static ContactKey of(Kind kind) {
        return new ContactKey(kind, List.of());
    }

    public static ContactKey columns(List<ListColumn> columns) {
        return new ContactKey(Kind.COLUMNS, columns);
    }

    /** The SQL columns holding the key, each checked. */
    List<String> sqlColumns() {
        return switch (kind) {
            case EMAIL -> List.of(SystemColumn.EMAIL.column());
            case EMAIL_MD5 -> List.of(SystemColumn.EMAIL_MD5.column());
            case RECIPIENT_ID -> List.of(SystemColumn.RECIPIENT_ID.column());
            case COLUMNS -> columns.stream().map(c -> ContactTables.checkedColumn(c.physicalName())).toList();
        };
    }

    /** The key as people read it: {@code EMAIL}, {@code CUSTOMER_ID + COUNTRY}. */
    public String label() {
        return switch (kind) {
            case EMAIL, EMAIL_MD5 -> "EMAIL";
            case RECIPIENT_ID -> "RECIPIENT_ID";
            case COLUMNS -> String.join(" + ", columns.stream().map(ListColumn::name).toList());
        };
    }
}
