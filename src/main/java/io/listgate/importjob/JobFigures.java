package io.listgate.importjob;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of the job table for monitoring: jobs by status, the queue of each database, and the
 * progress of the running jobs (rows per second since each one started, summed).
 */
public record JobFigures(List<Group> groups) {

    /** Jobs of one status (and, while unfinished, one database). */
    public record Group(JobStatus status, long listId, long jobs, long rowsDone, double rowsPerSecond) {
    }

    /** Every status, 0 when no job has it. */
    public Map<JobStatus, Long> jobsByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus status : JobStatus.values()) {
            counts.put(status, 0L);
        }
        groups.forEach(g -> counts.merge(g.status(), g.jobs(), Long::sum));
        return counts;
    }

    /** Jobs waiting or running, by database (LIST_ID). */
    public Map<Long, Long> queueByDatabase() {
        Map<Long, Long> queue = new TreeMap<>();
        groups.stream().filter(g -> !g.status().isFinished())
                .forEach(g -> queue.merge(g.listId(), g.jobs(), Long::sum));
        return queue;
    }

    public long runningRowsDone() {
        return groups.stream().filter(g -> g.status() == JobStatus.RUNNING).mapToLong(Group::rowsDone).sum();
    }

    public double runningRowsPerSecond() {
        return groups.stream().filter(g -> g.status() == JobStatus.RUNNING).mapToDouble(Group::rowsPerSecond).sum();
    }
}
