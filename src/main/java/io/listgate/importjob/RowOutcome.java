package io.listgate.importjob;

/** What validation made of one source row: a {@link ValidRow} to apply, or a {@link RowError} to record. */
public sealed interface RowOutcome permits ValidRow, RowError {

    /** The row's 1-based number among the file's data rows. */
    long rowNumber();
}
