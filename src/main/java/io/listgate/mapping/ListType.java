package io.listgate.mapping;

/** {@code LIST_INFO/LIST_TYPE}, meaningful only for {@link Action#CREATE}. */
public enum ListType {
    DATABASE(0),
    SEED_LIST(6),
    SUPPRESSION_LIST(13);

    private final int code;

    ListType(int code) {
        this.code = code;
    }

    /** The Acoustic code. */
    public int code() {
        return code;
    }

    /** The type with this Acoustic code; the schema has already limited the codes. */
    public static ListType fromCode(int code) {
        for (ListType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("no list type has code " + code);
    }
}
