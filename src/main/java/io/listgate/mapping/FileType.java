package io.listgate.mapping;

/** {@code LIST_INFO/FILE_TYPE}: how the fields of the source file are separated. */
public enum FileType {
    COMMA(0, ','),
    TAB(1, '\t'),
    PIPE(2, '|');

    private final int code;
    private final char delimiter;

    FileType(int code, char delimiter) {
        this.code = code;
        this.delimiter = delimiter;
    }

    /** The Acoustic code. */
    public int code() {
        return code;
    }

    /** The field delimiter of the source file. */
    public char delimiter() {
        return delimiter;
    }

    /** The file type with this Acoustic code. */
    public static FileType fromCode(int code) {
        for (FileType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("no file type has code " + code);
    }
}
