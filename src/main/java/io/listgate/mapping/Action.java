package io.listgate.mapping;

/** {@code LIST_INFO/ACTION}: what the import does to the database. */
public enum Action {
    /** Creates a new database (or seed or suppression list) named by {@code LIST_NAME}. */
    CREATE,
    /** Adds contacts not yet in the database; existing ones are left alone. */
    ADD_ONLY,
    /** Updates contacts already in the database; others are skipped. */
    UPDATE_ONLY,
    /** Adds new contacts and updates existing ones. */
    ADD_AND_UPDATE,
    /** Opts out contacts of the file that exist in the database; others are ignored. */
    OPT_OUT,
    /**
     * A ListGate extension, not the vendor's: deletes the contacts the file's rows match (by the
     * database's key columns, SYNC_FIELDS or EMAIL) with their contact-list memberships; others are
     * skipped.
     */
    DELETE,
    /**
     * A ListGate extension, not the vendor's: opts back in the contacts the file's rows match (their
     * opt-out date is cleared, nothing else changes); others are skipped.
     */
    OPT_IN
}
