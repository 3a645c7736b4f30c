package io.listgate.importjob;

/** How many of a job's rows were rejected for one reason (the job page's summary). */
public record ReasonCount(RowError.Reason reason, long rows) {
}
