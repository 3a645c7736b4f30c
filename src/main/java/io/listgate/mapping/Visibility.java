package io.listgate.mapping;

/** {@code LIST_INFO/LIST_VISIBILITY} of a database made by {@link Action#CREATE}. */
public enum Visibility {
    PRIVATE(0),
    SHARED(1);

    private final int code;

    Visibility(int code) {
        this.code = code;
    }

    /** The Acoustic code. */
    public int code() {
        return code;
    }

    /** The visibility with this Acoustic code. */
    public static Visibility fromCode(int code) {
        for (Visibility v : values()) {
            if (v.code == code) {
                return v;
            }
        }
        throw new IllegalArgumentException("no visibility has code " + code);
    }
}
