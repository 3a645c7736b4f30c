package io.listgate.scheduler;

import io.listgate.config.ListGateConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.spi.TriggerFiredBundle;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz on the same MariaDB through the same pool, JDBC job store, clustered: several servers on
 * one database share the queue and pick up the jobs of a server that died.
 */
public final class JobScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);
    static final String SCHEDULER_NAME = "ListGate";

    private final Scheduler scheduler;
    private final Map<Class<? extends Job>, Supplier<? extends Job>> jobs = new ConcurrentHashMap<>();

    public JobScheduler(ListGateConfig config, DataSource dataSource) {
        // Quartz 2.5 ships no pool; hand it ours under a name its job store looks up. The name is
        // per server so that two servers in one JVM (as in tests) never share a pool.
        String dataSourceName = "listgate-" + UUID.randomUUID();
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new PoolProvider(dataSource));
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
        // Kept in LISTGATE_HOME: restarted after a crash, this server finds its own cut-off jobs at
        // once instead of waiting for the cluster to declare its old instance dead.
        p.setProperty("org.quartz.scheduler.instanceId", instanceId(config.home()));
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", String.valueOf(config.importWorkers()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "listgate-job");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", String.valueOf(config.importWorkers()));
        try {
            StdSchedulerFactory factory = new StdSchedulerFactory(p);
            this.scheduler = factory.getScheduler();
            // Jobs get their services from the composition root (register), not from a
            // no-argument constructor and a lookup in the scheduler context.
            scheduler.setJobFactory(this::newJob);
            // Every clustered node must share the scheduler name, but Quartz also keeps one
            // scheduler per name per JVM; unregister so another server in this JVM gets its own.
            SchedulerRepository.getInstance().remove(SCHEDULER_NAME);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot create the Quartz scheduler: " + e.getMessage(), e);
        }
    }

    /**
     * This server's name among those sharing the database, kept in its home so that it stays the
     * same across restarts (Quartz's instance id; the webhook outbox's owner).
     */
    public static String instanceId(Path home) {
        Path file = home.resolve("scheduler-instance-id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            String id = "listgate-" + UUID.randomUUID();
            Files.writeString(file, id);
            return id;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the scheduler instance id in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes Quartz build every job of {@code type} with {@code factory}. Register before
     * {@link #start}: jobs recovered from a crash fire as soon as the scheduler starts.
     */
    public <T extends Job> void register(Class<T> type, Supplier<T> factory) {
        if (jobs.putIfAbsent(type, factory) != null) {
            throw new IllegalStateException(type.getName() + " is registered twice");
        }
    }

    private Job newJob(TriggerFiredBundle bundle, Scheduler quartz) throws SchedulerException {
        Class<? extends Job> type = bundle.getJobDetail().getJobClass();
        Supplier<? extends Job> factory = jobs.get(type);
        if (factory == null) {
            // Quartz logs this and sets the job's triggers to ERROR; the job itself stays stored.
            throw new SchedulerException("no job factory is registered for " + type.getName());
        }
        return factory.get();
    }

    /**
     * Runs {@code tasks} every {@code every} on one server of the cluster ({@link Housekeeping}).
     * Call before {@link #start}.
     */
    public void housekeeping(Duration every, List<Housekeeping.Task> tasks) {
        register(Housekeeping.class, () -> new Housekeeping(tasks));
        try {
            Housekeeping.schedule(scheduler, every);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule housekeeping: " + e.getMessage(), e);
        }
    }

    public void start() {
        try {
            scheduler.start();
            LOG.info("Quartz scheduler started (clustered, instance {})", scheduler.getSchedulerInstanceId());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the Quartz scheduler: " + e.getMessage(), e);
        }
    }

    public Scheduler quartz() {
        return scheduler;
    }

    public boolean isRunning() {
        try {
            return scheduler.isStarted() && !scheduler.isShutdown() && !scheduler.isInStandbyMode();
        } catch (SchedulerException e) {
            return false;
        }
    }

    /** Waits for running jobs to reach their end or a safe point. */
    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
            LOG.info("Quartz scheduler stopped");
        } catch (SchedulerException e) {
            LOG.warn("Quartz scheduler did not stop cleanly: {}", e.getMessage());
        }
    }

    private record PoolProvider(DataSource dataSource) implements ConnectionProvider {
        @Override
        public Connection getConnection() throws SQLException {
            return dataSource.getConnection();
        }

        @Override
        public void shutdown() {
            // The pool belongs to the Database and closes with it.
        }

        @Override
        public void initialize() {
        }
    }
}
