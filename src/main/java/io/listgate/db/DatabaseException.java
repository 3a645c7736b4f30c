package io.listgate.db;

/** The database cannot be reached, started or migrated. */
public class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
