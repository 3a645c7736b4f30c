package io.listgate.importjob;

import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Told once about every import job that ends (COMPLETE or ERROR), right after its end is stored.
 * Called on the job's own thread: an implementation must return quickly and hand any slow work
 * (mail, HTTP) to a thread of its own. An exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface JobEndListener {

    /** How many rejected rows {@link #jobEnded} is given at most. */
    int FIRST_ERRORS = 10;

    /**
     * @param job         the job as stored after its end: final status, counts, file names, times
     * @param firstErrors its first rejected rows by row number, at most {@link #FIRST_ERRORS}
     */
    void jobEnded(ImportJob job, List<RowError> firstErrors);

    /** Tells each listener in turn; one failing does not keep the others from hearing. */
    static JobEndListener all(List<JobEndListener> listeners) {
        return (job, errors) -> {
            for (JobEndListener listener : listeners) {
                try {
                    listener.jobEnded(job, errors);
                } catch (RuntimeException e) {
                    LoggerFactory.getLogger(JobEndListener.class)
                            .error("Import job {}: a job-end listener failed", job.id(), e);
                }
            }
        };
    }
}
