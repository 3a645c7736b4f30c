package io.listgate.importjob;

import java.time.LocalDateTime;

/** A row of {@code import_job}: one ImportList call, its progress and its outcome. */
public record ImportJob(long id, long organizationId, long userId, long listId, String listName, String action,
                        JobStatus status, String description, String mapFile, String sourceFile, String fileEncoding,
                        String notifyEmail, String mappingXml, long sourceBytes, long bytesDone, long rowsDone,
                        long totalRows, long totalValid, long sqlAdded, long sqlUpdated, long duplicates,
                        long badAddresses, long badRecords, long notAllowed, long skipped, long optedOut,
                        String resultsFile, String errorFile, int attempts, LocalDateTime submittedAt,
                        LocalDateTime startedAt, LocalDateTime endedAt) {
}
