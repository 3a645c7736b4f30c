package io.listgate.contacts;

import java.util.List;

/**
 * Which stored values a {@link MatchKey} is compared with: the address, its MD5, the RECIPIENT_ID,
 * user columns (the database's key columns or SYNC_FIELDS), in key order, or one phone column
 * compared by its digits ({@link PhoneNumbers}; no index serves it, so the lookup reads the table).
 */
public record ContactKey(Kind kind, List<ListColumn> columns) {

    public enum Kind { EMAIL, EMAIL_MD5, RECIPIENT_ID, COLUMNS, PHONE }

    public ContactKey {
        columns = List.copyOf(columns);
        boolean byColumns = kind == Kind.COLUMNS || kind == Kind.PHONE;
        if (byColumns == columns.isEmpty() || kind == Kind.PHONE && columns.size() != 1) {
            throw new IllegalArgumentException("columns go with COLUMNS keys (one with a PHONE key), and only with them");
        }
    }

    public static ContactKey of(Kind kind) {
        return new ContactKey(kind, List.of());
    }

    public static ContactKey columns(List<ListColumn> columns) {
        return new ContactKey(Kind.COLUMNS, columns);
    }

    /** A phone column, compared by its digits. */
    public static ContactKey phone(ListColumn column) {
        return new ContactKey(Kind.PHONE, List.of(column));
    }

    /** The SQL columns (or, for a phone, the expression) holding the key, each checked. */
    List<String> sqlColumns() {
        return switch (kind) {
            case EMAIL -> List.of(SystemColumn.EMAIL.column());
            case EMAIL_MD5 -> List.of(SystemColumn.EMAIL_MD5.column());
            case RECIPIENT_ID -> List.of(SystemColumn.RECIPIENT_ID.column());
            case COLUMNS -> columns.stream().map(c -> ContactTables.checkedColumn(c.physicalName())).toList();
            case PHONE -> List.of(PhoneNumbers.sqlDigits(ContactTables.checkedColumn(columns.get(0).physicalName())));
        };
    }

    /** The key as people read it: {@code EMAIL}, {@code CUSTOMER_ID + COUNTRY}. */
    public String label() {
        return switch (kind) {
            case EMAIL, EMAIL_MD5 -> "EMAIL";
            case RECIPIENT_ID -> "RECIPIENT_ID";
            case COLUMNS, PHONE -> String.join(" + ", columns.stream().map(ListColumn::name).toList());
        };
    }
}
