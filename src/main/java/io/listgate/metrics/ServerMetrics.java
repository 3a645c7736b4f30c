package io.listgate.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.listgate.api.ApiDispatcher;
import io.listgate.importjob.Counter;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.JobEndListener;
import io.listgate.importjob.JobFigures;
import io.listgate.importjob.JobStatus;
import io.listgate.importjob.RowError;
import io.listgate.user.LoginAttempt;
import io.listgate.user.LoginObserver;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import javax.sql.DataSource;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything ListGate measures, in one Prometheus registry. The business code knows nothing of it:
 * it listens where requests are answered ({@link ApiDispatcher.Observer}), where jobs end
 * ({@link JobEndListener}) and where logins are refused ({@link LoginObserver}), and reads the rest
 * (jobs, sessions, transfers, pools) when Prometheus scrapes. Names are documented in the README.
 */
public final class ServerMetrics implements ApiDispatcher.Observer, JobEndListener, LoginObserver, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerMetrics.class);
    /** Buckets of the API latency histogram: an API call is a few milliseconds, an ImportList a little more. */
    private static final Duration[] API_BUCKETS = durations(5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000);
    /** Buckets of the job duration histogram: from seconds to hours. */
    private static final Duration[] JOB_BUCKETS = durations(1000, 5000, 15_000, 60_000, 300_000, 900_000, 3_600_000,
            4 * 3_600_000, 12 * 3_600_000);
    /** The rows' final outcomes, which add up to TOTAL_ROWS; TOTAL_* are sums and LIST_REMOVED counts memberships. */
    private static final List<Counter> ROW_OUTCOMES = List.of(Counter.SQL_ADDED, Counter.SQL_UPDATED, Counter.OPTED_OUT,
            Counter.DUPLICATES, Counter.NOT_ALLOWED, Counter.SKIPPED, Counter.SQL_DELETED, Counter.BAD_ADDRESSES,
            Counter.BAD_RECORDS);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final AtomicReference<JobFigures> jobs = new AtomicReference<>(new JobFigures(List.of()));
    private Supplier<JobFigures> jobSource = () -> new JobFigures(List.of());
    private MultiGauge queue;
    /** Micrometer holds a function counter's state weakly: the suppliers handed in are kept alive here. */
    private final List<Object> held = new CopyOnWriteArrayList<>();

    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        for (Counter outcome : ROW_OUTCOMES) {
            registry.counter("listgate.import.rows", "outcome", outcome.key());
        }
        for (LoginAttempt.Status status : List.of(LoginAttempt.Status.REJECTED, LoginAttempt.Status.LOCKED,
                LoginAttempt.Status.THROTTLED)) {
            registry.counter("listgate.login.failures", "reason", lower(status.name()));
        }
        registry.counter("listgate.login.lockouts");
    }

    /** Import jobs by state, queue depth per database, rows and speed of the running jobs, read at each scrape. */
    public void watchJobs(Supplier<JobFigures> figures) {
        jobSource = figures;
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("listgate.import.jobs", jobs, j -> j.get().jobsByStatus().get(status))
                    .description("Import jobs by state").tag("state", lower(status.name())).register(registry);
        }
        Gauge.builder("listgate.import.running.rows", jobs, j -> j.get().runningRowsDone())
                .description("Rows done so far by the running import jobs").register(registry);
        Gauge.builder("listgate.import.running.rows.per.second", jobs, j -> j.get().runningRowsPerSecond())
                .description("Rows per second of the running import jobs, each since it started, summed")
                .register(registry);
        queue = MultiGauge.builder("listgate.import.queue")
                .description("Import jobs waiting or running, by database (LIST_ID)").register(registry);
    }

    /** API sessions still open. */
    public void watchApiSessions(LongSupplier open) {
        held.add(open);
        Gauge.builder("listgate.api.sessions", open, s -> s.getAsLong()).description("Open API sessions")
                .register(registry);
    }

    /** Sessions open now and bytes received of one file-transfer protocol ({@code ftp}, {@code sftp}). */
    public void watchFileTransfer(String protocol, LongSupplier sessions, LongSupplier bytesReceived) {
        held.add(sessions);
        held.add(bytesReceived);
        Gauge.builder("listgate.transfer.sessions", sessions, s -> s.getAsLong()).tag("protocol", protocol)
                .description("Open FTP/FTPS or SFTP sessions").register(registry);
        FunctionCounter.builder("listgate.transfer.received", bytesReceived, b -> b.getAsLong()).tag("protocol", protocol)
                .baseUnit("bytes").description("Bytes uploaded").register(registry);
    }

    /** Jetty's request thread pool. */
    public void watchJetty(QueuedThreadPool threads) {
        gauge("jetty.threads.current", threads, QueuedThreadPool::getThreads, "Jetty threads");
        gauge("jetty.threads.busy", threads, QueuedThreadPool::getBusyThreads, "Jetty threads busy");
        gauge("jetty.threads.idle", threads, QueuedThreadPool::getIdleThreads, "Jetty threads idle");
        gauge("jetty.threads.config.max", threads, QueuedThreadPool::getMaxThreads, "Jetty's thread limit");
        gauge("jetty.threads.jobs", threads, QueuedThreadPool::getQueueSize, "Jetty tasks waiting for a thread");
    }

    /** The database connection pool, when it is Hikari's. */
    public void watchPool(DataSource dataSource) {
        if (!(dataSource instanceof HikariDataSource hikari)) {
            return;
        }
        Supplier<HikariPoolMXBean> pool = hikari::getHikariPoolMXBean;
        held.add(pool);
        String name = hikari.getPoolName();
        Gauge.builder("hikaricp.connections.active", pool, p -> p.get().getActiveConnections()).tag("pool", name)
                .register(registry);
        Gauge.builder("hikaricp.connections.idle", pool, p -> p.get().getIdleConnections()).tag("pool", name)
                .register(registry);
        Gauge.builder("hikaricp.connections", pool, p -> p.get().getTotalConnections()).tag("pool", name)
                .register(registry);
        Gauge.builder("hikaricp.connections.pending", pool, p -> p.get().getThreadsAwaitingConnection())
                .tag("pool", name).register(registry);
        Gauge.builder("hikaricp.connections.max", hikari, HikariDataSource::getMaximumPoolSize).tag("pool", name)
                .register(registry);
    }

    /** Quartz: jobs running now, jobs run since start, its thread pool, whether it runs. */
    public void watchScheduler(Scheduler quartz) {
        Gauge.builder("quartz.jobs.running", quartz, q -> quartzFigure(() -> q.getCurrentlyExecutingJobs().size()))
                .description("Quartz jobs running now on this server").register(registry);
        FunctionCounter.builder("quartz.jobs.executed", quartz, q -> quartzFigure(() -> q.getMetaData().getNumberOfJobsExecuted()))
                .description("Quartz jobs run since the start").register(registry);
        Gauge.builder("quartz.threads", quartz, q -> quartzFigure(() -> q.getMetaData().getThreadPoolSize()))
                .register(registry);
        Gauge.builder("quartz.started", quartz, q -> quartzFigure(() -> q.isStarted() && !q.isShutdown() ? 1 : 0))
                .register(registry);
    }

    @Override
    public void answered(String transport, String operation, int faultId, long nanos) {
        Timer.builder("listgate.api.requests").description("API requests by operation and fault code (0: success)")
                .tags("transport", transport, "operation", operation, "fault", String.valueOf(faultId))
                .serviceLevelObjectives(API_BUCKETS)
                .register(registry).record(Duration.ofNanos(nanos));
    }

    @Override
    public void jobEnded(ImportJob job, List<RowError> firstErrors) {
        String outcome = lower(job.status().name());
        registry.counter("listgate.import.jobs.ended", "outcome", outcome).increment();
        for (Counter counter : ROW_OUTCOMES) {
            registry.counter("listgate.import.rows", "outcome", counter.key()).increment(job.count(counter));
        }
        if (job.startedAt() != null && job.endedAt() != null) {
            Timer.builder("listgate.import.job.duration").description("Import job run time by outcome")
                    .tag("outcome", outcome).serviceLevelObjectives(JOB_BUCKETS)
                    .register(registry).record(Duration.between(job.startedAt(), job.endedAt()));
        }
    }

    @Override
    public void refused(LoginAttempt.Status status) {
        registry.counter("listgate.login.failures", "reason", lower(status.name())).increment();
    }

    @Override
    public void lockedOut() {
        registry.counter("listgate.login.lockouts").increment();
    }

    /** The Prometheus text exposition of every metric, the job figures read afresh. */
    public String scrape() {
        refreshJobs();
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}'s text (Prometheus text format 0.0.4). */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    private synchronized void refreshJobs() {
        JobFigures figures;
        try {
            figures = jobSource.get();
        } catch (RuntimeException e) {
            // The database is down: /health says so; the scrape still answers with the rest.
            LOG.warn("Metrics: cannot read the import jobs: {}", e.getMessage());
            return;
        }
        jobs.set(figures);
        if (queue != null) {
            Map<Long, Long> depth = figures.queueByDatabase();
            queue.register(depth.entrySet().stream().map(e -> MultiGauge.Row.of(Tags.of("database",
                    String.valueOf(e.getKey())), e.getValue())).toList(), true);
        }
    }

    private <T> void gauge(String name, T target, ToDoubleFunction<T> value, String description) {
        Gauge.builder(name, target, value).description(description).register(registry);
    }

    private static double quartzFigure(QuartzRead read) {
        try {
            return read.get();
        } catch (SchedulerException e) {
            return Double.NaN;
        }
    }

    @FunctionalInterface
    private interface QuartzRead {
        double get() throws SchedulerException;
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Duration[] durations(long... millis) {
        Duration[] out = new Duration[millis.length];
        for (int i = 0; i < millis.length; i++) {
            out[i] = Duration.ofMillis(millis[i]);
        }
        return out;
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
