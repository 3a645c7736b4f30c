package io.listgate.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ibatis.exceptions.PersistenceException;
import org.junit.jupiter.api.Test;

class RetriesTest {

    private final Retries quick = new Retries(4, Duration.ofMillis(1), Duration.ofMillis(4));

    @Test
    void deadlocksLockWaitTimeoutsAndCertificationFailuresAreTransient() {
        assertTrue(Retries.isTransient(new SQLException("Deadlock found when trying to get lock", "40001", 1213)));
        assertTrue(Retries.isTransient(new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
        assertTrue(Retries.isTransient(new SQLException("WSREP has not yet prepared node for application use", "08S01", 1047)));
    }

    @Test
    void aConnectionLostOrSwitchedMidTransactionIsTransient() {
        assertTrue(Retries.isTransient(new SQLTransientConnectionException("(conn=12) Connection reset")));
        assertTrue(Retries.isTransient(new SQLNonTransientConnectionException("Connection was killed", "08000", 1927)));
        assertTrue(Retries.isTransient(new SQLException("Communications link failure", "08S01")));
        assertTrue(Retries.isTransient(new SQLException("Connection was killed", "70100", 1927)));
    }

    @Test
    void aTransientCauseIsFoundUnderTheWrappersMyBatisAndServicesAdd() {
        SQLException deadlock = new SQLException("Deadlock found", "40001", 1213);
        assertTrue(Retries.isTransient(new IllegalStateException("writing rows up to 4000 failed",
                new PersistenceException("### Error updating database", deadlock))));
    }

    @Test
    void aPoolWithNoFreeConnectionIsNotWaitedForAgainButEndsTheWorkAsTransientAtOnce() {
        SQLTransientConnectionException exhausted = new SQLTransientConnectionException(
                "listgate - Connection is not available, request timed out after 5000ms (total=20, active=20, idle=0, waiting=44)");
        int[] tries = {0};
        TransientDatabaseException e = assertThrows(TransientDatabaseException.class, () -> new Retries(8,
                Duration.ofMillis(1), Duration.ofMillis(2)).run("a call", () -> {
                    tries[0]++;
                    throw new IllegalStateException("wrapped", exhausted);
                }));
        assertEquals(1, tries[0]);
        assertTrue(e.getMessage().contains("no free database connection"), e.getMessage());
        assertTrue(Retries.isPoolExhausted(e));
        assertFalse(Retries.isPoolExhausted(new SQLTransientConnectionException("(conn=12) Connection reset")),
                "the driver's lost connection is retried");
        assertFalse(Retries.isPoolExhausted(new SQLTransientConnectionException(
                "listgate - Connection is not available, request timed out after 5000ms",
                new SQLNonTransientConnectionException("Could not connect", "08000"))), "nor a database away");
    }

    @Test
    void genuineErrorsAreNotTransient() {
        assertFalse(Retries.isTransient(new SQLIntegrityConstraintViolationException("Duplicate entry", "23000", 1062)));
        assertFalse(Retries.isTransient(new SQLSyntaxErrorException("Unknown column", "42S22", 1054)));
        assertFalse(Retries.isTransient(new SQLException("Data too long for column", "22001", 1406)));
        assertFalse(Retries.isTransient(new IllegalStateException("the database took 1 of 2 new contacts")));
        assertFalse(Retries.isTransient(null));
    }

    @Test
    void workThatFailsTransientlyIsRunAgainUntilItSucceeds() {
        AtomicInteger tries = new AtomicInteger();
        String result = quick.run("work", () -> {
            if (tries.incrementAndGet() < 3) {
                throw new IllegalStateException(new SQLException("Deadlock found", "40001", 1213));
            }
            return "done";
        });
        assertEquals("done", result);
        assertEquals(3, tries.get());
    }

    @Test
    void aGenuineErrorIsThrownAtOnceWithoutRetrying() {
        AtomicInteger tries = new AtomicInteger();
        IllegalStateException genuine = new IllegalStateException(new SQLException("Duplicate entry", "23000", 1062));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> quick.run("work", () -> {
            tries.incrementAndGet();
            throw genuine;
        }));
        assertSame(genuine, thrown);
        assertEquals(1, tries.get());
    }

    @Test
    void afterTheBoundedTriesTheLastTransientFailureIsThrownAsTransientDatabaseException() {
        AtomicInteger tries = new AtomicInteger();
        SQLTransientConnectionException lost = new SQLTransientConnectionException("Connection reset");
        TransientDatabaseException thrown = assertThrows(TransientDatabaseException.class, () -> quick.run("the batch", () -> {
            tries.incrementAndGet();
            throw new IllegalStateException(lost);
        }));
        assertEquals(4, tries.get());
        assertSame(lost, thrown.getCause().getCause());
        assertTrue(thrown.getMessage().startsWith("the batch failed 4 times"), thrown.getMessage());
    }

    @Test
    void pausesGrowExponentiallyUpToTheCapAndAreJittered() {
        Retries retries = new Retries(10, Duration.ofMillis(100), Duration.ofMillis(1000));
        for (int i = 0; i < 50; i++) {
            long first = retries.pauseMillis(1);
            long third = retries.pauseMillis(3);
            long tenth = retries.pauseMillis(10);
            assertTrue(first >= 50 && first <= 100, "first pause " + first);
            assertTrue(third >= 200 && third <= 400, "third pause " + third);
            assertTrue(tenth >= 500 && tenth <= 1000, "capped pause " + tenth);
        }
    }
}
