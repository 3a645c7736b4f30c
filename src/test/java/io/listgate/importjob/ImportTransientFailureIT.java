package io.listgate.importjob;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.config.ListGateConfig;
import io.listgate.support.ImportSteps;
import io.listgate.support.ImportSteps.Job;
import io.listgate.support.MappingXml;
import io.listgate.support.XmlApiClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * An import whose batch transactions fail for transient reasons, as on a Galera cluster: its
 * connection killed mid-transaction (a database node leaving), a deadlock in which InnoDB picks the
 * import's batch as the victim. Each batch is rolled back and tried again; the job completes with
 * every row applied once.
 */
class ImportTransientFailureIT {

    /** Enough batches that the job is still running when the test takes hold of its row. */
    private static final int ROWS = 100_000;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final long TRX_POLL_MS = 150;

    private final ImportSteps steps = ImportSteps.acme();
    private final DataSource db = steps.server().database().dataSource();

    @Test
    void aBatchWhoseConnectionIsKilledMidTransactionIsTriedAgainAndTheJobCompletesExactly() throws Exception {
        // given an import running
        long jobId = submit("Killed");
        awaitRowsDone(jobId, 2L * ListGateConfig.DEFAULT_IMPORT_BATCH_ROWS);

        // when the connection of two of its batch transactions is killed on the server while the batch is written:
        // another transaction holds the job's row, so each try of the next batch waits at its checkpoint, written
        Set<Long> killed = new HashSet<>();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (Connection holder = db.getConnection(); Statement hold = holder.createStatement();
             Connection c = db.getConnection(); Statement s = c.createStatement()) {
            holder.setAutoCommit(false);
            hold.executeQuery("SELECT id FROM import_job WHERE id = " + jobId + " FOR UPDATE").close();
            try {
                while (killed.size() < 2 && System.nanoTime() < deadline) {
                    // only the import's batch, its contacts written, waits for the row this test holds
                    try (ResultSet rs = s.executeQuery("SELECT trx_mysql_thread_id FROM information_schema.innodb_trx"
                            + " WHERE trx_state = 'LOCK WAIT'")) {
                        while (rs.next()) {
                            long thread = rs.getLong(1);
                            if (killed.add(thread)) {
                                try (Statement kill = c.createStatement()) {
                                    kill.execute("KILL CONNECTION " + thread);
                                } catch (SQLException gone) {
                                    killed.remove(thread);
                                }
                            }
                        }
                    }
                    // InnoDB refreshes innodb_trx only when it has not been read for 100 ms: a faster poll sees a stale table
                    Thread.sleep(TRX_POLL_MS);
                }
            } finally {
                holder.rollback();
            }
        }
        assertEquals(2, killed.size(), "two batch transactions were killed before the job ended");

        // then the job completes as if nothing happened
        assertExact(steps.awaitJob(jobId));
    }

    @Test
    void aBatchChosenAsADeadlockVictimIsTriedAgainAndTheJobCompletesExactly() throws Exception {
        // given an import running, and a heavier transaction holding the job's row
        long jobId = submit("Deadlock");
        awaitRowsDone(jobId, 2L * ListGateConfig.DEFAULT_IMPORT_BATCH_ROWS);
        long listId = steps.status(jobId).listId();
        String ballast = "ballast_" + jobId;
        try (Connection other = db.getConnection(); Statement s = other.createStatement()) {
            s.execute("CREATE TABLE " + ballast + " (n INT NOT NULL)");
            other.setAutoCommit(false);
            try {
                s.executeQuery("SELECT id FROM import_job WHERE id = " + jobId + " FOR UPDATE").close();
                // InnoDB rolls back the transaction with the fewest changes: make this one the heavier
                s.execute("INSERT INTO " + ballast + " SELECT seq FROM seq_1_to_30000");

                // when the import's next batch, its contacts written, waits for that row at its checkpoint
                awaitLockWait();
                // and this transaction then asks for the batch's new rows: a deadlock
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM contacts_" + listId + " FOR UPDATE")) {
                    rs.next();
                }
            } finally {
                other.rollback();
                other.setAutoCommit(true);
                s.execute("DROP TABLE " + ballast);
            }
        }

        // then the batch, rolled back as the victim, is written again and the job completes exactly
        assertExact(steps.awaitJob(jobId));
    }

    @Test
    void aContactAnotherWriterAddsDuringACreateIsFoundAndTheJobCompletesExactly() throws Exception {
        // given a CREATE whose first batch waits at its checkpoint: the run has seen an empty database
        long jobId;
        try (Connection holder = db.getConnection(); Statement hold = holder.createStatement()) {
            holder.setAutoCommit(false);
            jobId = submit("Another writer");
            steps.awaitRunning(jobId);
            try {
                hold.executeQuery("SELECT id FROM import_job WHERE id = " + jobId + " FOR UPDATE").close();
                awaitLockWait();

                // when another writer adds the contact of a later batch's row
                XmlApiClient.Reply added = steps.call("<AddRecipient><LIST_ID>" + steps.status(jobId).listId()
                        + "</LIST_ID><CREATED_FROM>1</CREATED_FROM><COLUMN><NAME>EMAIL</NAME><VALUE>row" + (ROWS - 5)
                        + "@transient.example.com</VALUE></COLUMN></AddRecipient>");
                assertEquals("TRUE", added.success().toUpperCase(), added.body());
            } finally {
                holder.rollback();
            }
        }

        // then the import finds it (a key its own filter of written keys never saw) and rejects that row alone
        Job job = steps.awaitJob(jobId);
        job.assertComplete("TOTAL_ROWS", ROWS, "TOTAL_VALID", ROWS, "SQL_ADDED", ROWS - 1, "DUPLICATES", 1);
        assertEquals(String.valueOf(ROWS), steps.query("SELECT COUNT(*) FROM contacts_" + job.listId()).get(0)[0],
                "the other writer's contact and every other row stored once");
    }

    private long submit(String name) {
        StringBuilder source = new StringBuilder("Email,Name\n");
        for (int i = 0; i < ROWS; i++) {
            source.append("row").append(i).append("@transient.example.com,Name ").append(i).append('\n');
        }
        MappingXml mapping = MappingXml.create(unique(name)).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name");
        var reply = steps.submit(mapping.xml(), source.toString());
        assertEquals("TRUE", reply.success().toUpperCase(), reply.body());
        return Long.parseLong(reply.xpath("/Envelope/Body/RESULT/JOB_ID"));
    }

    private void assertExact(Job job) {
        job.assertComplete("TOTAL_ROWS", ROWS, "TOTAL_VALID", ROWS, "SQL_ADDED", ROWS, "DUPLICATES", 0);
        assertEquals(String.valueOf(ROWS), steps.query("SELECT COUNT(*) FROM contacts_" + job.listId()).get(0)[0],
                "every contact stored once");
    }

    private void awaitRowsDone(long jobId, long rows) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT rows_done FROM import_job WHERE id = ?")) {
            s.setLong(1, jobId);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    long done = rs.getLong(1);
                    assertTrue(done < ROWS, "the job ended before the failure could be injected");
                    if (done >= rows) {
                        return;
                    }
                }
                Thread.sleep(5);
            }
        }
        throw new AssertionError("job " + jobId + " did not reach " + rows + " rows");
    }

    private void awaitLockWait() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.innodb_trx"
                        + " WHERE trx_state = 'LOCK WAIT' AND trx_rows_modified >= " + ListGateConfig.DEFAULT_IMPORT_BATCH_ROWS)) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(TRX_POLL_MS);
            }
        }
        throw new AssertionError("the import never waited for the job's row");
    }
}
