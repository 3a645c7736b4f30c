package io.listgate.mapping;

/** {@code COLUMNS/COLUMN/TYPE}: the Acoustic column types a list import can create. */
public enum ColumnType {
    TEXT(0),
    YES_NO(1),
    NUMERIC(2),
    DATE(3),
    TIME(4),
    COUNTRY(5),
    SELECT_ONE(6),
    SEGMENTING(8),
    SYSTEM(9),
    SMS_PHONE(15),
    PHONE(16),
    TIMESTAMP(17),
    MULTI_SELECT(20);

    private final int code;

    ColumnType(int code) {
        this.code = code;
    }

    /** The Acoustic code. */
    public int code() {
        return code;
    }

    /** Whether {@code SELECTION_VALUES} belong to this type (select one, multi-select). */
    public boolean takesSelectionValues() {
        return this == SELECT_ONE || this == MULTI_SELECT;
    }

    /** The type with this Acoustic code. */
    public static ColumnType fromCode(int code) {
        for (ColumnType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("no column type has code " + code);
    }
}
