package io.listgate.notify;

import io.listgate.config.ListGateConfig.Smtp;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.JobEndListener;
import io.listgate.importjob.RowError;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the job-end mail to a job's {@code EMAIL} through the configured SMTP server, on a thread
 * of its own so a slow or broken mail server never holds up an import. Without an SMTP server the
 * mail is skipped and that is logged.
 */
public final class MailNotifier implements JobEndListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MailNotifier.class);
    private static final String TIMEOUT_MS = "30000";

    private final Optional<Smtp> smtp;
    private final Optional<Session> session;
    private final Supplier<String> publicUrl;
    private final ExecutorService sender;

    /** {@code publicUrl} gives the base of the job page links, without a trailing slash. */
    public MailNotifier(Optional<Smtp> smtp, Supplier<String> publicUrl) {
        this.smtp = smtp;
        this.session = smtp.map(MailNotifier::session);
        this.publicUrl = publicUrl;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "job-mail");
            t.setDaemon(true);
            return t;
        });
    }

    private static Session session(Smtp smtp) {
        Properties p = new Properties();
        p.put("mail.smtp.host", smtp.host());
        p.put("mail.smtp.port", String.valueOf(smtp.port()));
        p.put("mail.smtp.auth", String.valueOf(smtp.user().isPresent()));
        p.put("mail.smtp.starttls.enable", String.valueOf(smtp.startTls()));
        p.put("mail.smtp.starttls.required", String.valueOf(smtp.startTls()));
        p.put("mail.smtp.connectiontimeout", TIMEOUT_MS);
        p.put("mail.smtp.timeout", TIMEOUT_MS);
        p.put("mail.smtp.writetimeout", TIMEOUT_MS);
        return Session.getInstance(p);
    }

    @Override
    public void jobEnded(ImportJob job, List<RowError> firstErrors) {
        String to = job.notifyEmail();
        if (to == null || to.isBlank()) {
            return;
        }
        if (session.isEmpty()) {
            LOG.info("Import job {}: no SMTP server configured (LISTGATE_SMTP_HOST), mail to {} skipped", job.id(), to);
            return;
        }
        JobMail mail = JobMail.of(job, firstErrors, publicUrl.get() + "/admin/jobs/" + job.id());
        try {
            sender.execute(() -> send(job.id(), to, mail));
        } catch (RejectedExecutionException e) {
            LOG.warn("Import job {}: server is stopping, mail to {} not sent", job.id(), to);
        }
    }

    private void send(long jobId, String to, JobMail mail) {
        Smtp server = smtp.orElseThrow();
        try {
            MimeMessage message = new MimeMessage(session.orElseThrow());
            message.setFrom(new InternetAddress(server.from(), true));
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(to, true));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setText(mail.body(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            if (server.user().isPresent()) {
                Transport.send(message, server.user().get(), server.password());
            } else {
                Transport.send(message);
            }
            LOG.info("Import job {}: mail sent to {}", jobId, to);
        } catch (MessagingException | RuntimeException e) {
            LOG.warn("Import job {}: mail to {} through {}:{} failed: {}", jobId, to, server.host(), server.port(),
                    e.getMessage());
        }
    }

    /** Lets queued mail go out for a few seconds, then gives up on the rest. */
    @Override
    public void close() throws InterruptedException {
        sender.shutdown();
        if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
            List<Runnable> dropped = sender.shutdownNow();
            LOG.warn("{} job-end mails not sent: the server stopped", dropped.size());
        }
    }
}
