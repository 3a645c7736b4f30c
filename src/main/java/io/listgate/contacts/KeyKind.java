package io.listgate.contacts;

/** How contacts of a database are told apart. */
public enum KeyKind {
    /** Keyed on EMAIL, unique regardless of case. */
    EMAIL,
    /** Keyed on its key columns together. */
    COLUMNS,
    /** No unique identifier: only the system RECIPIENT_ID. */
    NONE
}
