package io.listgate.notify;

import static org.junit.jupiter.api.Assertions.*;

import io.listgate.config.ListGateConfig;
import io.listgate.ftp.Eventually;
import io.listgate.importjob.Counter;
import io.listgate.importjob.Counters;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.JobStatus;
import io.listgate.importjob.RowError;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NotificationMailTest {

    static ImportJob job(JobStatus status, long badAddresses, String errorFile) {
        LocalDateTime t = LocalDateTime.of(2026, 3, 1, 9, 30, 0);
        return new ImportJob(42, 1, 1, 7, "Customers", "ADD_ONLY", status, "Import of customers.csv", "map.xml",
                "customers.csv", null, null, "UTF-8", "ops@example.org", "<LIST_IMPORT/>", 100, 100, 12,
                Counters.of(Map.of(Counter.TOTAL_ROWS, 12L, Counter.TOTAL_VALID, 12 - badAddresses, Counter.SQL_ADDED, 9L,
                        Counter.SQL_UPDATED, 1L, Counter.BAD_ADDRESSES, badAddresses)),
                "42.res", errorFile, 1, t, t.plusSeconds(1), t.plusSeconds(3), null);
    }

    @Test
    void theMailNamesTheJobItsStatusEveryCountTheRejectedRowsAndTheJobPage() {
        ImportJob job = job(JobStatus.COMPLETE, 2, "42.err");
        List<RowError> errors = List.of(
                new RowError(3, RowError.Reason.BAD_EMAIL, "not an e-mail address", "not-an-email"),
                new RowError(8, RowError.Reason.MISSING_EMAIL, "EMAIL is empty", null));

        JobMail mail = JobMail.of(job, errors, "https://listgate.example.org/admin/jobs/42");

        assertEquals("ListGate import job 42 COMPLETE: Customers", mail.subject());
        assertTrue(mail.body().startsWith("Import job 42 ended COMPLETE.\n"), mail.body());
        assertTrue(mail.body().contains("TOTAL_ROWS:    12"), mail.body());
        assertTrue(mail.body().contains("SQL_ADDED:     9"), mail.body());
        assertTrue(mail.body().contains("BAD_ADDRESSES: 2"), mail.body());
        assertTrue(mail.body().contains("Rejected rows:\n  row 3: BAD_EMAIL - not an e-mail address [not-an-email]\n"
                + "  row 8: MISSING_EMAIL - EMAIL is empty\n"), mail.body());
        assertTrue(mail.body().contains("All rejected rows: download/42.err"), mail.body());
        assertTrue(mail.body().endsWith("Job page: https://listgate.example.org/admin/jobs/42\n"), mail.body());
    }

    @Test
    void whenThereAreMoreRejectedRowsThanShownTheMailSaysHowManyItShows() {
        ImportJob job = job(JobStatus.COMPLETE, 5, "42.err");

        JobMail mail = JobMail.of(job, List.of(new RowError(3, RowError.Reason.BAD_EMAIL, "bad", "x")), "http://h/admin/jobs/42");

        assertTrue(mail.body().contains("First 1 of 5 rejected rows:"), mail.body());
    }

    @Test
    void aJobWithoutRejectionsHasNoRejectedRowsSection() {
        JobMail mail = JobMail.of(job(JobStatus.ERROR, 0, null), List.of(), "http://h/admin/jobs/42");

        assertEquals("ListGate import job 42 ERROR: Customers", mail.subject());
        assertFalse(mail.body().contains("rejected rows"), mail.body());
    }

    @Test
    void aMailServerThatCannotBeReachedNeverHoldsUpTheJobAndTheFailureIsLogged() throws Exception {
        // given an SMTP port nobody listens on
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ListGateConfig.Smtp smtp = new ListGateConfig.Smtp("127.0.0.1", closedPort, Optional.empty(), "",
                "listgate@example.org", false);
        try (LogCapture log = new LogCapture(MailNotifier.class);
             MailNotifier notifier = new MailNotifier(Optional.of(smtp), () -> "http://localhost:8080")) {
            // when
            long begin = System.nanoTime();
            notifier.jobEnded(job(JobStatus.COMPLETE, 0, null), List.of());

            // then
            assertTrue(System.nanoTime() - begin < Duration.ofMillis(500).toNanos(), "jobEnded must not wait for SMTP");
            Eventually.await("the failure to be logged", Duration.ofSeconds(20),
                    () -> log.has("Import job 42: mail to ops@example.org through 127.0.0.1:" + closedPort + " failed"));
        }
    }

    @Test
    void withoutAnSmtpServerTheMailIsSkippedAndThatIsLogged() throws Exception {
        try (LogCapture log = new LogCapture(MailNotifier.class);
             MailNotifier notifier = new MailNotifier(Optional.empty(), () -> "http://localhost:8080")) {
            notifier.jobEnded(job(JobStatus.COMPLETE, 0, null), List.of());

            assertTrue(log.has("INFO Import job 42: no SMTP server configured (LISTGATE_SMTP_HOST), mail to ops@example.org skipped"),
                    log.lines().toString());
        }
    }
}
