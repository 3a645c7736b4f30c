package io.listgate.scheduler;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic clean-up of expired rows (idle API sessions, expired OAuth tokens), kept out of requests
 * where concurrent deletes deadlock. A clustered Quartz trigger fires on one server at a time, so
 * several servers on one database do not all run it. A task that fails is logged and runs again at
 * the next firing; the others still run.
 */
@DisallowConcurrentExecution
public final class Housekeeping implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);
    static final JobKey KEY = JobKey.jobKey("housekeeping", "listgate");

    /** One clean-up: its name for the log, and the work, answering how many rows it removed. */
    public record Task(String name, IntSupplier work) {
    }

    private final List<Task> tasks;

    Housekeeping(List<Task> tasks) {
        this.tasks = List.copyOf(tasks);
    }

    @Override
    public void execute(JobExecutionContext context) {
        for (Task task : tasks) {
            try {
                int removed = task.work().getAsInt();
                if (removed > 0) {
                    LOG.debug("Housekeeping {}: {} rows removed", task.name(), removed);
                }
            } catch (RuntimeException e) {
                LOG.warn("Housekeeping {} failed, tried again at the next run: {}", task.name(), e.getMessage());
            }
        }
    }

    /** Stores the job and (re)places its trigger, so the interval follows this server's configuration. */
    static void schedule(Scheduler quartz, Duration every) throws SchedulerException {
        JobDetail detail = JobBuilder.newJob(Housekeeping.class).withIdentity(KEY).storeDurably().build();
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(KEY.getName(), KEY.getGroup()).forJob(KEY)
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(every.toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
        // Replacing is atomic under Quartz's cluster lock; servers starting together leave one trigger.
        quartz.scheduleJob(detail, Set.of(trigger), true);
    }
}
