package io.listgate.notify;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.*;

import com.icegreen.greenmail.util.GreenMailUtil;
import io.listgate.ftp.Eventually;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestUsers;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job-end mail through a real SMTP server (GreenMail); see {@link NotifyTestServer}. */
class NotificationMailIT {

    private final ImportSteps acme = ImportSteps.on(NotifyTestServer.server(), TestUsers.ACME_USER,
            TestUsers.ACME_PASSWORD, TestUsers.ACME);

    private static MimeMessage awaitMailTo(String address) {
        Eventually.await("a mail to " + address, Duration.ofSeconds(30), () -> !mailsTo(address).isEmpty());
        return mailsTo(address).get(0);
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(NotifyTestServer.smtp().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).toList();
    }

    @Test
    void aJobWithEmailEndsWithAPlainTextMailOfItsStatusCountsFirstRejectedRowsAndPageLink() throws Exception {
        // given
        String to = unique("ops") + "@example.org";
        String name = unique("Mailed");
        MappingXml mapping = MappingXml.create(name).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name");
        String source = "Email,Name\nann@example.org,Ann\nnot-an-email,Bad\nbob@example.org,Bob\n";

        // when
        long jobId = acme.importWithEmail(mapping, source, to);
        ImportSteps.Job job = acme.awaitJob(jobId);

        // then
        assertEquals("COMPLETE", job.status());
        MimeMessage mail = awaitMailTo(to);
        assertEquals("ListGate import job " + jobId + " COMPLETE: " + name, mail.getSubject());
        assertEquals(NotifyTestServer.MAIL_FROM, mail.getFrom()[0].toString());
        assertTrue(mail.getContentType().startsWith("text/plain"), mail.getContentType());
        String body = GreenMailUtil.getBody(mail).replace("\r\n", "\n");
        assertTrue(body.startsWith("Import job " + jobId + " ended COMPLETE."), body);
        assertTrue(body.contains("TOTAL_ROWS:    3"), body);
        assertTrue(body.contains("SQL_ADDED:     2"), body);
        assertTrue(body.contains("BAD_ADDRESSES: 1"), body);
        assertTrue(body.contains("  row 2: BAD_EMAIL"), body);
        assertTrue(body.contains("[not-an-email]"), body);
        assertTrue(body.contains("Job page: " + NotifyTestServer.PUBLIC_URL + "/admin/jobs/" + jobId), body);
        assertEquals(1, mailsTo(to).size(), "one mail per job end");
    }
}
