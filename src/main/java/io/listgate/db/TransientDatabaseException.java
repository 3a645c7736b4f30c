package io.listgate.db;

/**
 * A database failure that went on through every retry of {@link Retries}: the database is away for
 * longer than a failover takes. Work stopped by it is left to be resumed, not ended in error.
 */
public final class TransientDatabaseException extends DatabaseException {
    public TransientDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
