package io.listgate.contacts;

import java.util.List;
import java.util.Set;

/**
 * A column of a database as the mapping file defined it. {@code physicalName} (c1, c2, ...) is the
 * server-chosen SQL column; the user's {@code name} is data and never reaches SQL text.
 */
public record ListColumn(long listId, int position, String name, int columnType, boolean required, boolean key,
                         String defaultValue, String selectionValues, String physicalName, boolean indexed) {

    public static final int TEXT = 0;
    public static final int YES_NO = 1;
    public static final int NUMERIC = 2;
    public static final int DATE = 3;
    public static final int TIME = 4;
    public static final int COUNTRY = 5;
    public static final int SELECT_ONE = 6;
    public static final int SEGMENTING = 8;
    public static final int SYSTEM = 9;
    public static final int SMS_PHONE = 15;
    public static final int PHONE = 16;
    public static final int TIMESTAMP = 17;
    public static final int MULTI_SELECT = 20;

    /** The types AddListColumn makes (spec xmlapi-more.md §9 codes); system and vendor-only types are not. */
    public static final Set<Integer> ADDABLE_TYPES = Set.of(TEXT, YES_NO, NUMERIC, DATE, TIME, COUNTRY, SELECT_ONE, SEGMENTING,
            SMS_PHONE, PHONE, TIMESTAMP, MULTI_SELECT);
    /** How a yes/no value may be written, in lower case; imports store Yes or No. */
    public static final List<String> YES_WORDS = List.of("yes", "y", "true", "1", "t");
    public static final List<String> NO_WORDS = List.of("no", "n", "false", "0", "f");

    /** Key columns are narrower so that up to three of them fit one unique index. */
    public static final int KEY_WIDTH = 250;
    public static final int VALUE_WIDTH = 1000;

    public int width() {
        return key ? KEY_WIDTH : VALUE_WIDTH;
    }
}
