package io.listgate.contacts;

/** A column to create, as requested by a mapping file's COLUMNS section. */
public record ColumnSpec(String name, int columnType, boolean required, boolean key, String defaultValue,
                         String selectionValues) {
}
