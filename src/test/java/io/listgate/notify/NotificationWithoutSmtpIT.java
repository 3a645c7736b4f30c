package io.listgate.notify;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.ftp.Eventually;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shared test server has no SMTP server configured. */
class NotificationWithoutSmtpIT {

    @Test
    void withoutSmtpAJobWithEmailStillCompletesAndTheSkippedMailIsLogged() {
        // given
        ImportSteps acme = ImportSteps.acme();
        assertTrue(acme.server().config().smtp().isEmpty());
        String to = unique("nobody") + "@example.org";
        MappingXml mapping = MappingXml.create(unique("Unmailed")).key("EMAIL", 9).map("EMAIL");

        try (LogCapture log = new LogCapture(MailNotifier.class)) {
            // when
            long jobId = acme.importWithEmail(mapping, "Email\nann@example.org\n", to);

            // then
            acme.awaitJob(jobId).assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1);
            Eventually.await("the skipped mail to be logged", Duration.ofSeconds(10), () -> log.has(
                    "INFO Import job " + jobId + ": no SMTP server configured (LISTGATE_SMTP_HOST), mail to " + to + " skipped"));
        }
    }
}
