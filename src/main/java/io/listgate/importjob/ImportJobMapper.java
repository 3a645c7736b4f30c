package io.listgate.importjob;

import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.ibatis.annotations.Param;

/** Import jobs and their row errors; see ImportJobMapper.xml. */
public interface ImportJobMapper {

    void insert(JobInsert insert);

    /** A job of the organization; of any organization when {@code organizationId} is null. */
    Optional<ImportJob> find(@Param("organizationId") Long organizationId, @Param("id") long id);

    /** A job of the organization: {@link #find} as a fixed statement, for the API's every GetJobStatus. */
    Optional<ImportJob> findInOrganization(@Param("organizationId") long organizationId, @Param("id") long id);

    Optional<ImportJob> findById(long id);

    /** A page of jobs, newest first; each null argument leaves the list unnarrowed by it. */
    List<ImportJob> page(@Param("organizationId") Long organizationId, @Param("status") JobStatus status,
                         @Param("listId") Long listId, @Param("from") LocalDateTime submittedFrom,
                         @Param("before") LocalDateTime submittedBefore,
                         @Param("offset") long offset, @Param("limit") int limit);

    /** How many jobs {@link #page} pages through. */
    long count(@Param("organizationId") Long organizationId, @Param("status") JobStatus status,
               @Param("listId") Long listId, @Param("from") LocalDateTime submittedFrom,
               @Param("before") LocalDateTime submittedBefore);

    /** The oldest job of a database still to run or cut off while running (one runner per database: see ImportQueue). */
    Optional<ImportJob> nextPending(long listId);

    /** Databases that have jobs waiting or cut off, for the start-up sweep. */
    List<Long> listsWithPendingJobs();

    /** Jobs by status and database: counts for every status, progress for the unfinished ones. */
    List<JobFigures.Group> figures();

    int markRunning(long id);

    /** WAITING → CANCELED in one step; 0 when the job is not (or no longer) waiting. */
    int cancelWaiting(@Param("organizationId") long organizationId, @Param("id") long id,
                      @Param("description") String description);

    /**
     * Asks a running job to stop at its next batch, in a row of its own that the node running the
     * job polls (that node alone writes the job's row); 0 when asked before.
     */
    int requestCancel(@Param("id") long id, @Param("requestedBy") String requestedBy);

    boolean cancelRequested(long id);

    /** The hot-folder job of a file in an {@code on/} folder, if it was submitted. */
    Optional<ImportJob> findByFlowFile(@Param("organizationId") long organizationId, @Param("flow") String flow,
                                       @Param("sourceFile") String sourceFile);

    void insertExport(ExportInsert insert);

    void setExportSpec(@Param("id") long id, @Param("spec") String spec);

    /** Whether a job of the organization already made, or will make, this file in download/. */
    boolean exportFileTaken(@Param("organizationId") long organizationId, @Param("fileName") String fileName);

    void forgetErrors(long id);

    /** Removes a finished job of the organization (DeleteJob); 0 when it is not finished or not there. */
    int forget(@Param("organizationId") long organizationId, @Param("id") long id);

    /** Removes a job whose submission failed after it was stored. */
    void delete(long id);

    /** The rows the job's committed batches reached. */
    long rowsDone(long id);

    void checkpoint(@Param("id") long id, @Param("c") Counters counters, @Param("rowsDone") long rowsDone,
                    @Param("bytesDone") long bytesDone);

    void finish(@Param("id") long id, @Param("status") JobStatus status, @Param("description") String description,
                @Param("resultsFile") String resultsFile, @Param("errorFile") String errorFile);

    void insertErrors(@Param("jobId") long jobId, @Param("errors") List<RowError> errors);

    long countErrors(@Param("jobId") long jobId, @Param("reason") RowError.Reason reason);

    /** One point of the job's progress over time, beside the checkpoint that moved it. */
    void sampleProgress(@Param("id") long id, @Param("rowsDone") long rowsDone, @Param("bytesDone") long bytesDone);

    List<ProgressSample> progressSamples(@Param("jobId") long jobId);

    List<ReasonCount> errorsByReason(@Param("jobId") long jobId);

    List<RowError> errors(@Param("jobId") long jobId, @Param("afterRow") long afterRow, @Param("limit") int limit);

    /** Mutable holder so MyBatis can hand back the generated id. */
    final class JobInsert {
        public long id;
        public final long organizationId;
        public final long userId;
        public final long listId;
        public final String action;
        public final String description;
        public final String mapFile;
        public final String sourceFile;
        public final String flow;
        public final String consentChannel;
        public final String fileEncoding;
        public final String notifyEmail;
        public final String mappingXml;
        public final long sourceBytes;

        public JobInsert(long organizationId, long userId, long listId, String action, String description,
                         String mapFile, String sourceFile, String flow, String consentChannel, String fileEncoding,
                         String notifyEmail, String mappingXml, long sourceBytes) {
            this.organizationId = organizationId;
            this.userId = userId;
            this.listId = listId;
            this.action = action;
            this.description = description;
            this.mapFile = mapFile;
            this.sourceFile = sourceFile;
            this.flow = flow;
            this.consentChannel = consentChannel;
            this.fileEncoding = fileEncoding;
            this.notifyEmail = notifyEmail;
            this.mappingXml = mappingXml;
            this.sourceBytes = sourceBytes;
        }
    }

    /** An ExportList job: its file in download/ and its spec (JSON), see ImportJobService#submitExport. */
    final class ExportInsert {
        public long id;
        public final long organizationId;
        public final long userId;
        public final long listId;
        public final String description;
        public final String fileEncoding;
        public final String notifyEmail;
        public final String fileName;
        public final String spec;

        public ExportInsert(long organizationId, long userId, long listId, String description, String fileEncoding,
                            String notifyEmail, String fileName, String spec) {
            this.organizationId = organizationId;
            this.userId = userId;
            this.listId = listId;
            this.description = description;
            this.fileEncoding = fileEncoding;
            this.notifyEmail = notifyEmail;
            this.fileName = fileName;
            this.spec = spec;
        }
    }
}
