package io.listgate.db;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded retries, with jittered exponential pauses, of database work that failed for a reason that
 * goes away by itself: a deadlock or a Galera certification conflict, a lock wait timeout, a
 * connection lost or switched to another node mid-transaction. The work must be safe to run again
 * after its transaction was rolled back. A failure of any other kind is thrown at once.
 */
public final class Retries {

    private static final Logger LOG = LoggerFactory.getLogger(Retries.class);

    /** Deadlock found (and Galera's certification failure, reported as one). */
    static final int ER_LOCK_DEADLOCK = 1213;
    /** Lock wait timeout exceeded. */
    static final int ER_LOCK_WAIT_TIMEOUT = 1205;
    /** Galera node not ready (non-primary component): "WSREP has not yet prepared node for application use". */
    static final int ER_UNKNOWN_COM_ERROR = 1047;
    /** The server ended the connection: KILL, shutdown, a node leaving the cluster. */
    static final int ER_CONNECTION_KILLED = 1927;
    static final int ER_SERVER_SHUTDOWN = 1053;
    /** HikariPool's words when no connection was free within its connection timeout. */
    static final String POOL_TIMEOUT = "Connection is not available, request timed out after";

    /** About 8 s in all at most: long enough for the driver to fail over to another Galera node. */
    public static final Retries DEFAULT = new Retries(8, Duration.ofMillis(50), Duration.ofSeconds(2));

    private final int attempts;
    private final Duration firstPause;
    private final Duration maxPause;

    public Retries(int attempts, Duration firstPause, Duration maxPause) {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt");
        }
        this.attempts = attempts;
        this.firstPause = firstPause;
        this.maxPause = maxPause;
    }

    /**
     * True when {@code failure}, or anything in its cause chain, is a database failure that running
     * the same work again may get past.
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLTransactionRollbackException) {
                return true;
            }
            if (t instanceof SQLException e && isTransient(e)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the failure is the pool's own timeout with every connection busy: HikariPool answers a
     * {@link SQLTransientConnectionException} with {@link #POOL_TIMEOUT} in its message and no cause then;
     * when connections could not be made (the database away) it carries the last connection failure as
     * cause, and that is retried, as is the driver's own (a reset connection).
     */
    public static boolean isPoolExhausted(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException e && e.getCause() == null && e.getMessage() != null
                    && e.getMessage().contains(POOL_TIMEOUT)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.equals("40001"))) {
            return true;
        }
        return switch (e.getErrorCode()) {
            case ER_LOCK_DEADLOCK, ER_LOCK_WAIT_TIMEOUT, ER_UNKNOWN_COM_ERROR, ER_CONNECTION_KILLED, ER_SERVER_SHUTDOWN -> true;
            default -> false;
        };
    }

    /**
     * Runs {@code attempt} until it returns, fails for good, or has failed transiently on every try;
     * then a {@link TransientDatabaseException} carries the last failure.
     */
    public <T> T run(String what, Supplier<T> attempt) {
        for (int tried = 1; ; tried++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (!isTransient(e)) {
                    throw e;
                }
                if (isPoolExhausted(e)) {
                    // The caller already waited the pool's whole timeout for a connection that others hold:
                    // waiting again (eight times) only keeps the pool saturated and the caller hanging.
                    throw new TransientDatabaseException(what + " found no free database connection in time: "
                            + rootMessage(e), e);
                }
                if (tried >= attempts) {
                    throw new TransientDatabaseException(what + " failed " + attempts + " times for a transient reason: "
                            + rootMessage(e), e);
                }
                long pause = pauseMillis(tried);
                LOG.info("{} failed for a transient reason ({}); try {} of {} in {} ms", what, rootMessage(e), tried + 1,
                        attempts, pause);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new TransientDatabaseException(what + " was interrupted while waiting to try again", e);
                }
            }
        }
    }

    /** Exponential from the first pause up to the cap, each drawn between half and all of it so that nodes do not retry in step. */
    long pauseMillis(int tried) {
        long ceiling = Math.min(maxPause.toMillis(), firstPause.toMillis() << Math.min(tried - 1, 20));
        return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
    }

    private static String rootMessage(Throwable e) {
        Throwable last = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                last = t;
                break;
            }
            last = t;
        }
        return last.getMessage();
    }
}
