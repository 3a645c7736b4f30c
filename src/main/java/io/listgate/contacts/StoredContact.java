package io.listgate.contacts;

/**
 * What an import needs to know of a contact its key matched: who it is, whether it is opted out,
 * which job and row wrote it last, and its consent (kept or changed by the import's rules).
 */
public record StoredContact(long recipientId, boolean optedOut, Long jobId, Long jobRow, String consentStatus,
                            String consentDate, String consentSource) {

    /** Whether {@code jobId} wrote this contact from a row before {@code row}: the row repeats an earlier one. */
    public boolean writtenBefore(long jobId, long row) {
        return this.jobId != null && this.jobId == jobId && jobRow != null && jobRow < row;
    }
}
