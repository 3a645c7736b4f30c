package io.listgate.importjob;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Import jobs on Quartz. Each database has one durable Quartz job that never runs twice at once
 * (cluster-wide), so its imports run one at a time, and each run drains the database's queue oldest
 * first; different databases run in parallel on the scheduler's worker threads. Every submission
 * adds a trigger, which wakes the scheduler at once instead of waiting for a poll.
 */
public final class ImportQueue {

    private static final Logger LOG = LoggerFactory.getLogger(ImportQueue.class);
    static final String GROUP = "import";
    static final String LIST_ID = "listId";

    private final Scheduler quartz;

    public ImportQueue(Scheduler quartz) {
        this.quartz = quartz;
    }

    /** Makes sure the database's queue gets drained soon. */
    public void kick(long listId) {
        kickAt(listId, new Date());
    }

    /** Makes sure the database's queue gets drained once {@code delay} has passed. */
    public void kickLater(long listId, Duration delay) {
        kickAt(listId, Date.from(Instant.now().plus(delay)));
    }

    private void kickAt(long listId, Date when) {
        JobKey key = JobKey.jobKey("db-" + listId, GROUP);
        try {
            if (!quartz.checkExists(key)) {
                JobDetail detail = JobBuilder.newJob(DrainQueue.class).withIdentity(key)
                        .usingJobData(LIST_ID, listId)
                        .storeDurably()
                        // A server killed mid-import: another (or this one, restarted) runs it again.
                        .requestRecovery()
                        .build();
                try {
                    quartz.addJob(detail, false);
                } catch (ObjectAlreadyExistsException raced) {
                    // another server or thread added it first: fine
                }
            }
            quartz.scheduleJob(TriggerBuilder.newTrigger().forJob(key).startAt(when)
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                            .withMisfireHandlingInstructionFireNow())
                    .build());
        } catch (SchedulerException e) {
            // The job stays WAITING; the start-up sweep of any server will kick it again.
            LOG.error("Cannot queue imports of database {}: {}", listId, e.getMessage(), e);
        }
    }

    /**
     * The Quartz side: lets the service drain the database's queue. Built by the scheduler's job
     * factory (the composition root registers it); its class name is what Quartz keeps in its
     * tables, so it stays where it is.
     */
    @DisallowConcurrentExecution
    public static final class DrainQueue implements Job {

        private final ImportJobService service;

        public DrainQueue(ImportJobService service) {
            this.service = service;
        }

        @Override
        public void execute(JobExecutionContext context) {
            service.runPending(context.getJobDetail().getJobDataMap().getLong(LIST_ID));
        }
    }
}
