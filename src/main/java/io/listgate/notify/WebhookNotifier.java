package io.listgate.notify;

import io.listgate.config.ListGateConfig.WebhookDelivery;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.JobEndListener;
import io.listgate.importjob.RowError;
import io.listgate.user.UsersFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a signed {@link JobSummary} to every webhook of the job's organization when a job ends.
 * Non-2xx answers and connection errors are retried with exponential backoff, each failure and
 * the final give-up logged. Pending retries live in memory only and are lost when the server
 * stops (ADR 0009).
 */
public final class WebhookNotifier implements JobEndListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    public static final String DELIVERY_HEADER = "X-ListGate-Delivery";
    public static final String EVENT_HEADER = "X-ListGate-Event";

    private final Map<String, List<UsersFile.WebhookEntry>> webhooks;
    private final LongFunction<String> organizationNames;
    private final Supplier<String> publicUrl;
    private final WebhookDelivery delivery;
    private final HttpClient http;
    private final ScheduledThreadPoolExecutor executor;

    /** The webhooks of each organization as the users file declares them. */
    public WebhookNotifier(UsersFile usersFile, LongFunction<String> organizationNames, Supplier<String> publicUrl,
                           WebhookDelivery delivery) {
        Map<String, List<UsersFile.WebhookEntry>> byOrganization = new HashMap<>();
        for (UsersFile.OrganizationEntry org : usersFile.organizations()) {
            if (!org.webhooksOrEmpty().isEmpty()) {
                byOrganization.put(org.name(), List.copyOf(org.webhooksOrEmpty()));
            }
        }
        this.webhooks = Map.copyOf(byOrganization);
        this.organizationNames = organizationNames;
        this.publicUrl = publicUrl;
        this.delivery = delivery;
        this.http = HttpClient.newBuilder()
                .connectTimeout(delivery.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "webhook");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public void jobEnded(ImportJob job, List<RowError> firstErrors) {
        String organization = organizationNames.apply(job.organizationId());
        List<UsersFile.WebhookEntry> targets = webhooks.getOrDefault(organization, List.of());
        if (targets.isEmpty()) {
            return;
        }
        byte[] body = JobSummary.json(job, organization, publicUrl.get() + "/admin/jobs/" + job.id());
        for (UsersFile.WebhookEntry target : targets) {
            Attempt first = new Attempt(job.id(), target, body, UUID.randomUUID().toString(), 1);
            schedule(first, Duration.ZERO);
        }
    }

    /** One try of one delivery; {@code number} counts from 1. */
    private record Attempt(long jobId, UsersFile.WebhookEntry target, byte[] body, String deliveryId, int number) {
        Attempt next() {
            return new Attempt(jobId, target, body, deliveryId, number + 1);
        }
    }

    private void schedule(Attempt attempt, Duration wait) {
        try {
            executor.schedule(() -> send(attempt), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.warn("Import job {}: server is stopping, webhook {} not notified", attempt.jobId(), attempt.target().url());
        }
    }

    private void send(Attempt attempt) {
        String failure;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(attempt.target().url()))
                    .timeout(delivery.timeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "ListGate-Webhook")
                    .header(EVENT_HEADER, JobSummary.EVENT)
                    .header(DELIVERY_HEADER, attempt.deliveryId())
                    .header(WebhookSignature.HEADER, WebhookSignature.sign(attempt.target().secret(), attempt.body()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(attempt.body()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                LOG.info("Import job {}: webhook {} notified (attempt {})", attempt.jobId(), attempt.target().url(),
                        attempt.number());
                return;
            }
            failure = "HTTP " + response.statusCode();
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("Import job {}: webhook {} not notified, the server is stopping", attempt.jobId(),
                    attempt.target().url());
            return;
        }
        if (attempt.number() >= delivery.attempts()) {
            LOG.error("Import job {}: webhook {} gave up after {} attempts, last: {}", attempt.jobId(),
                    attempt.target().url(), attempt.number(), failure);
            return;
        }
        Duration wait = backoff(delivery.firstBackoff(), attempt.number());
        LOG.warn("Import job {}: webhook {} attempt {} of {} failed ({}), next in {} ms", attempt.jobId(),
                attempt.target().url(), attempt.number(), delivery.attempts(), failure, wait.toMillis());
        schedule(attempt.next(), wait);
    }

    /** The wait after failed attempt {@code number} (from 1): first, 2 × first, 4 × first, ... */
    static Duration backoff(Duration first, int number) {
        return first.multipliedBy(1L << Math.min(number - 1, 20));
    }

    /** Stops at once: retries still waiting are dropped, logged by count. */
    @Override
    public void close() throws InterruptedException {
        int waiting = executor.getQueue().size();
        if (waiting > 0) {
            LOG.warn("{} webhook deliveries dropped: the server stopped", waiting);
        }
        executor.shutdown();
        if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
