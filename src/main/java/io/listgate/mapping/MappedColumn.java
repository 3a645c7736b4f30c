package io.listgate.mapping;

import java.util.Objects;

/**
 * {@code MAPPING/COLUMN}: which field of the source file fills which column.
 *
 * @param index   1-based position of the field in the source file
 * @param name    the database column (or system field) it fills, system fields in their own spelling
 * @param include {@code INCLUDE}: whether the field is imported; true when absent
 * @param consent {@code IS_CONSENT}: the field is one of the consent fields of the {@code CONSENT}
 *                section ({@code CONSENT_STATUS_CODE}, {@code CONSENT_DATE}, {@code CONSENT_SOURCE})
 */
public record MappedColumn(int index, String name, boolean include, boolean consent) {

    public MappedColumn {
        Objects.requireNonNull(name, "name");
        if (index < 1) {
            throw new IllegalArgumentException("INDEX is 1-based: " + index);
        }
    }

    /** The 0-based position of the field in a parsed source row. */
    public int fieldOffset() {
        return index - 1;
    }
}
