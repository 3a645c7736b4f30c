package io.listgate.importjob;

import java.util.Locale;

/**
 * What a job counts, declared once: GetJobStatus reports each under its name (in this order, every
 * one in every state), the {@code import_job} table and the job-end webhook under {@link #key()}.
 * The rows add up: {@code TOTAL_ROWS = TOTAL_VALID + BAD_ADDRESSES + BAD_RECORDS} and
 * {@code TOTAL_VALID = SQL_ADDED + SQL_UPDATED + OPTED_OUT + DUPLICATES + NOT_ALLOWED + SKIPPED +
 * SQL_DELETED}. {@code LIST_REMOVED} counts memberships, not rows.
 */
public enum Counter {
    TOTAL_ROWS,
    TOTAL_VALID,
    SQL_ADDED,
    SQL_UPDATED,
    DUPLICATES,
    BAD_ADDRESSES,
    BAD_RECORDS,
    NOT_ALLOWED,
    OPTED_OUT,
    SKIPPED,
    /** DELETE jobs (a ListGate extension): contacts deleted. */
    SQL_DELETED,
    /** List sync: members removed from the job's contact lists because the file did not name them. */
    LIST_REMOVED;

    /** The {@code import_job} column and the webhook's JSON key. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
