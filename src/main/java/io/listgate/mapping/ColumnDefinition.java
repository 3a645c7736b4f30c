package io.listgate.mapping;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code COLUMNS/COLUMN}: a database column to create (CREATE) or to add to an existing database.
 *
 * @param name            the column name; matched without regard to case (contacts.ColumnNames)
 * @param type            its Acoustic type
 * @param required        {@code IS_REQUIRED}
 * @param key             {@code KEY_COLUMN}: part of the database's unique key
 * @param defaultValue    {@code DEFAULT_VALUE}, when given and not empty
 * @param selectionValues {@code SELECTION_VALUES} of a select-one or multi-select column, in order
 */
public record ColumnDefinition(
        String name,
        ColumnType type,
        boolean required,
        boolean key,
        Optional<String> defaultValue,
        List<String> selectionValues) {

    public ColumnDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        selectionValues = List.copyOf(selectionValues);
    }
}
