package io.listgate.notify;

import io.listgate.config.ListGateConfig.WebhookDelivery;
import io.listgate.db.Database;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.JobEndListener;
import io.listgate.importjob.RowError;
import io.listgate.user.UsersFile;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POSTs a signed {@link JobSummary} to every webhook of the job's organization when a job ends.
 * Each delivery is a row of the database's outbox (ADR 0009) from the moment the job ends until a
 * 2xx answer or the last try: non-2xx answers and connection errors are retried with exponential
 * backoff, each failure and the final give-up logged, and a restart loses none. The server that
 * ended the job owns its deliveries; one whose owner stopped or died is taken over by whichever
 * server polls once its lease ran out.
 */
public final class WebhookNotifier implements JobEndListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
    public static final String DELIVERY_HEADER = "X-ListGate-Delivery";
    public static final String EVENT_HEADER = "X-ListGate-Event";
    /** Deliveries one poll hands to the senders at most. */
    private static final int POLL_LIMIT = 20;

    private final WebhookOutboxMapper outbox;
    private final String node;
    private final Map<String, List<UsersFile.WebhookEntry>> webhooks;
    private final LongFunction<String> organizationNames;
    private final Supplier<String> publicUrl;
    private final WebhookDelivery delivery;
    private final Duration lease;
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http;
    private final ScheduledExecutorService poller;
    private final ExecutorService senders;
    /** Outbox rows being sent now: a poll meanwhile must not send them again. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();

    /**
     * The webhooks of each organization as the users file declares them; {@code node} names this
     * server among those sharing the database, the same across its restarts.
     */
    public WebhookNotifier(Database database, String node, UsersFile usersFile, LongFunction<String> organizationNames,
                           Supplier<String> publicUrl, WebhookDelivery delivery) {
        Map<String, List<UsersFile.WebhookEntry>> byOrganization = new HashMap<>();
        for (UsersFile.OrganizationEntry org : usersFile.organizations()) {
            if (!org.webhooksOrEmpty().isEmpty()) {
                byOrganization.put(org.name(), List.copyOf(org.webhooksOrEmpty()));
            }
        }
        this.outbox = database.mapper(WebhookOutboxMapper.class);
        this.node = node;
        this.webhooks = Map.copyOf(byOrganization);
        this.organizationNames = organizationNames;
        this.publicUrl = publicUrl;
        this.delivery = delivery;
        // longer than any one try can take, so a live owner's delivery is never taken over mid-send
        this.lease = Duration.ofMinutes(1).plus(delivery.timeout().multipliedBy(3));
        this.http = HttpClient.newBuilder()
                .connectTimeout(delivery.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "webhook-poll"));
        this.senders = Executors.newFixedThreadPool(2, r -> daemon(r, "webhook"));
        Duration every = pollInterval(delivery.firstBackoff());
        poller.scheduleWithFixedDelay(this::poll, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Often enough for the first retry to go out on time, and at least once a second. */
    static Duration pollInterval(Duration firstBackoff) {
        Duration second = Duration.ofSeconds(1);
        Duration floor = Duration.ofMillis(10);
        Duration every = firstBackoff.compareTo(second) < 0 ? firstBackoff : second;
        return every.compareTo(floor) < 0 ? floor : every;
    }

    @Override
    public void jobEnded(ImportJob job, List<RowError> firstErrors) {
        String organization = organizationNames.apply(job.organizationId());
        List<UsersFile.WebhookEntry> targets = webhooks.getOrDefault(organization, List.of());
        if (targets.isEmpty()) {
            return;
        }
        byte[] body = JobSummary.json(job, organization, publicUrl.get() + "/admin/jobs/" + job.id());
        LocalDateTime now = now();
        for (UsersFile.WebhookEntry target : targets) {
            outbox.insert(UUID.randomUUID().toString(), job.id(), organization, target.url(), body, node, now,
                    now.plus(lease));
        }
        try {
            poller.execute(this::poll);
        } catch (RejectedExecutionException e) {
            LOG.info("Import job {}: server is stopping, webhooks are notified after the restart", job.id());
        }
    }

    /** Sends what is due: this server's deliveries, and those whose owner's lease ran out. */
    private void poll() {
        try {
            LocalDateTime now = now();
            int adopted = outbox.adoptExpired(node, now, now.plus(lease));
            if (adopted > 0) {
                LOG.info("{} webhook deliveries taken over from a server that stopped", adopted);
            }
            for (WebhookOutboxMapper.Pending pending : outbox.due(node, now, POLL_LIMIT)) {
                if (inFlight.add(pending.id())) {
                    senders.execute(() -> {
                        try {
                            send(pending);
                        } finally {
                            inFlight.remove(pending.id());
                        }
                    });
                }
            }
        } catch (RejectedExecutionException e) {
            // stopping: what is left is sent after the restart
        } catch (RuntimeException e) {
            // the outbox keeps every delivery; the next poll tries again
            LOG.warn("Webhook outbox poll failed: {}", e.getMessage());
        }
    }

    private Optional<UsersFile.WebhookEntry> target(WebhookOutboxMapper.Pending pending) {
        return webhooks.getOrDefault(pending.organization(), List.of()).stream()
                .filter(w -> w.url().equals(pending.url())).findFirst();
    }

    private void send(WebhookOutboxMapper.Pending pending) {
        int number = pending.attempts() + 1;
        Optional<UsersFile.WebhookEntry> target = target(pending);
        if (target.isEmpty()) {
            LOG.warn("Import job {}: webhook {} is no longer in the users file; its delivery is dropped", pending.jobId(),
                    pending.url());
            outbox.delete(pending.id());
            return;
        }
        String failure;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(pending.url()))
                    .timeout(delivery.timeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "ListGate-Webhook")
                    .header(EVENT_HEADER, JobSummary.EVENT)
                    .header(DELIVERY_HEADER, pending.deliveryId())
                    .header(WebhookSignature.HEADER, WebhookSignature.sign(target.get().secret(), pending.body()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(pending.body()))
                    .build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                LOG.info("Import job {}: webhook {} notified (attempt {})", pending.jobId(), pending.url(), number);
                // lost with the database: delivered again later under the same delivery id, which receivers drop
                outbox.delete(pending.id());
                return;
            }
            failure = "HTTP " + response.statusCode();
        } catch (IOException | RuntimeException e) {
            failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.info("Import job {}: webhook {} is notified after the restart", pending.jobId(), pending.url());
            return;
        }
        if (number >= delivery.attempts()) {
            LOG.error("Import job {}: webhook {} gave up after {} attempts, last: {}", pending.jobId(), pending.url(),
                    number, failure);
            outbox.delete(pending.id());
            return;
        }
        Duration wait = backoff(delivery.firstBackoff(), number);
        LOG.warn("Import job {}: webhook {} attempt {} of {} failed ({}), next in {} ms", pending.jobId(), pending.url(),
                number, delivery.attempts(), failure, wait.toMillis());
        LocalDateTime next = now().plus(wait);
        outbox.failed(pending.id(), next, next.plus(lease));
    }

    /** The wait after failed attempt {@code number} (from 1): first, 2 × first, 4 × first, ... */
    static Duration backoff(Duration first, int number) {
        return first.multipliedBy(1L << Math.min(number - 1, 20));
    }

    /** UTC, whatever the server's zone: servers sharing the database compare these times. */
    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Stops at once: what is still to be delivered stays in the outbox for the restart or another server. */
    @Override
    public void close() throws InterruptedException {
        poller.shutdownNow();
        senders.shutdownNow();
        poller.awaitTermination(2, TimeUnit.SECONDS);
        senders.awaitTermination(2, TimeUnit.SECONDS);
    }
}
