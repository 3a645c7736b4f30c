package io.listgate.importjob;

import io.listgate.api.Fault;
import io.listgate.contacts.ColumnNames;
import io.listgate.contacts.ColumnSpec;
import io.listgate.contacts.ConsentChannel;
import io.listgate.contacts.ContactDatabaseService;
import io.listgate.contacts.ContactList;
import io.listgate.contacts.ListColumn;
import io.listgate.db.Database;
import io.listgate.db.TransientDatabaseException;
import io.listgate.files.OrganizationFolders;
import io.listgate.mapping.Action;
import io.listgate.mapping.ColumnDefinition;
import io.listgate.mapping.ImportMapping;
import io.listgate.mapping.MappedColumn;
import io.listgate.mapping.MappingException;
import io.listgate.mapping.MappingParser;
import io.listgate.user.OrgUser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.apache.commons.validator.routines.EmailValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * ImportList from call to result files: checks everything that can be checked at call time,
 * stores the job, queues it, runs it (streaming, in committed batches) and reports its status.
 */
public final class ImportJobService {

    private static final Logger LOG = LoggerFactory.getLogger(ImportJobService.class);
    public static final Charset DEFAULT_ENCODING = StandardCharsets.UTF_8;

    private final Database database;
    private final ImportJobMapper jobs;
    private final ContactDatabaseService contacts;
    private final OrganizationFolders folders;
    private final LongFunction<String> organizationNames;
    private final MappingParser parser = new MappingParser();
    private final ImportQueue queue;
    private final JobEndListener onEnd;
    private final long maxExpandedBytes;
    private final int batchRows;
    /** How long a job stopped by a database that stayed away waits before it is tried again. */
    static final Duration RESUME_AFTER = Duration.ofSeconds(30);

    private final ExportRunner exports;
    private volatile boolean stopping;

    /**
     * Tells {@code onEnd} about every job that ends; a compressed source may expand to
     * {@code maxExpandedBytes} before its job ends in ERROR; imports commit {@code batchRows} rows at a time;
     * {@code exports} writes the files of export jobs.
     */
    public ImportJobService(Database database, ContactDatabaseService contacts, OrganizationFolders folders,
                            LongFunction<String> organizationNames, ImportQueue queue, JobEndListener onEnd,
                            long maxExpandedBytes, int batchRows, ExportRunner exports) {
        this.onEnd = onEnd;
        this.exports = exports;
        this.maxExpandedBytes = maxExpandedBytes;
        this.batchRows = batchRows;
        this.database = database;
        this.jobs = database.mapper(ImportJobMapper.class);
        this.contacts = contacts;
        this.folders = folders;
        this.organizationNames = organizationNames;
        this.queue = queue;
    }

    /** What ImportList was asked to do. */
    public record Submission(String mapFile, String sourceFile, Optional<String> encoding, Optional<String> email) {
    }

    /** Checks the call, stores the job WAITING, queues it; returns the JOB_ID. */
    public long submit(OrgUser user, Submission submission) {
        Path mapPath = uploadedFile(user, "MAP_FILE", submission.mapFile());
        Path sourcePath = uploadedFile(user, "SOURCE_FILE", submission.sourceFile());
        byte[] mapping;
        try {
            mapping = Files.readAllBytes(mapPath);
        } catch (IOException e) {
            throw Fault.FILE_NOT_FOUND.exception("MAP_FILE '" + submission.mapFile() + "' cannot be read");
        }
        return submit(user, new Door(submission.mapFile(), mapping, submission.sourceFile(), sourcePath, null, null),
                submission.encoding(), submission.email());
    }

    /**
     * Where a job comes from, whatever the door: the mapping (its name and bytes), the source file's
     * name as reported and its path, and for a hot folder its flow folder (relative to the
     * organization's root, e.g. {@code contacts/import}), where {@code sourceName} then lives too;
     * for an opt-out or opt-in folder of SMS, VOICE or VOICEMAIL the channel whose consent its
     * OPT_OUT or OPT_IN changes (null: the email opt-out).
     */
    public record Door(String mapName, byte[] mapping, String sourceName, Path source, String flow, ConsentChannel channel) {
    }

    /** Checks a submission from any door, stores the job WAITING, queues it; returns the JOB_ID. */
    public long submit(OrgUser user, Door door, Optional<String> encoding, Optional<String> email) {
        Path sourcePath = door.source();
        Charset charset = encoding(encoding);
        email.ifPresent(address -> {
            if (!EmailValidator.getInstance().isValid(address)) {
                throw Fault.INVALID_VALUE.exception("EMAIL '" + address + "' is not a valid address");
            }
        });
        String mappingXml = new String(door.mapping(), StandardCharsets.UTF_8);
        ImportMapping mapping;
        try {
            mapping = parser.parse(new ByteArrayInputStream(door.mapping()), door.mapName());
        } catch (MappingException e) {
            throw Fault.INVALID_MAPPING.exception(e.getMessage());
        }
        ContactList known = mapping.action() == Action.CREATE ? null
                : contacts.requireDatabase(user.organizationId(), mapping.listInfo().listId().orElseThrow());
        if (known != null) {
            checkAgainstDatabase(user, mapping, known);
            if (mapping.action() == Action.DELETE) {
                checkDeleteKey(mapping, known);
            }
            if (door.channel() != null && mapping.action() != Action.OPT_OUT && mapping.action() != Action.OPT_IN) {
                throw new IllegalArgumentException("a consent channel goes with OPT_OUT and OPT_IN only");
            }
        }
        contacts.checkColumnsFit(Optional.ofNullable(known), specs(mapping.columns()));
        long sourceBytes;
        try {
            sourceBytes = Files.size(sourcePath);
        } catch (IOException e) {
            throw Fault.FILE_NOT_FOUND.exception("SOURCE_FILE '" + door.sourceName() + "' cannot be read");
        }
        ImportJobMapper.JobInsert insert = database.inTransaction(() -> {
            ContactList target = known != null ? known : contacts.createDatabase(user.organizationId(), user.userId(),
                    mapping.listInfo().listName().orElseThrow(),
                    mapping.listInfo().listType().map(t -> t.code()).orElse(ContactList.DATABASE),
                    mapping.listInfo().visibility().map(v -> v.code()).orElse(0),
                    mapping.listInfo().parentFolderPath().orElse(null), specs(mapping.columns()));
            String description = mapping.action() == Action.CREATE
                    ? "Creating new contact source, " + target.name()
                    : "Importing contacts into " + target.name() + " (" + mapping.action()
                    + (door.channel() == null ? "" : " " + door.channel()) + ")";
            ImportJobMapper.JobInsert row = new ImportJobMapper.JobInsert(user.organizationId(), user.userId(),
                    target.id(), mapping.action().name(), description, door.mapName(), door.sourceName(), door.flow(),
                    door.channel() == null ? null : door.channel().name(), charset.name(), email.orElse(null), mappingXml,
                    sourceBytes);
            jobs.insert(row);
            return row;
        });
        ContactList list = contacts.find(user.organizationId(), insert.listId).orElseThrow();
        if (known == null) {
            // DDL commits by itself, so the table comes after the database's and the job's rows: when it
            // fails, both go again; when the server dies in between, the job creates it when it runs.
            try {
                contacts.createTable(list);
            } catch (RuntimeException e) {
                database.inTransaction(() -> {
                    jobs.delete(insert.id);
                    contacts.deleteDatabase(list);
                    return null;
                });
                throw e;
            }
        }
        try (MDC.MDCCloseable j = MDC.putCloseable("job", String.valueOf(insert.id));
             MDC.MDCCloseable o = MDC.putCloseable("organization", user.organizationName());
             MDC.MDCCloseable u = MDC.putCloseable("user", user.username())) {
            LOG.info("Import job {} queued: {} {} into database {} from {}", insert.id, mapping.action(),
                    door.sourceName(), list.id(), user.organizationName());
        }
        queue.kick(list.id());
        return insert.id;
    }

    private Path uploadedFile(OrgUser user, String element, String name) {
        Path path = folders.resolveUpload(user.organizationName(), name).orElseThrow(() ->
                Fault.FILE_NOT_FOUND.exception(element + " '" + name + "' must be a file name inside upload/"));
        if (!Files.isRegularFile(path)) {
            throw Fault.FILE_NOT_FOUND.exception(element + " '" + name + "' does not exist in upload/");
        }
        return path;
    }

    /** FILE_ENCODING as clients send it: UTF-8, ISO-8859-1 or UTF_8, ISO_8859_1, any case. */
    static Charset encoding(Optional<String> requested) {
        if (requested.isEmpty()) {
            return DEFAULT_ENCODING;
        }
        return charset(requested.get()).orElseThrow(() -> Fault.INVALID_VALUE.exception("FILE_ENCODING '"
                + requested.get() + "' is not supported: use UTF-8 or ISO-8859-1"));
    }

    /** The charset of a FILE_ENCODING spelling clients send (UTF-8, utf-8, UTF_8, ISO-8859-1, ...); empty for others. */
    public static Optional<Charset> charset(String spelling) {
        return switch (spelling.strip().toUpperCase(Locale.ROOT).replace('_', '-')) {
            case "UTF-8" -> Optional.of(StandardCharsets.UTF_8);
            case "ISO-8859-1" -> Optional.of(StandardCharsets.ISO_8859_1);
            default -> Optional.empty();
        };
    }

    private void checkAgainstDatabase(OrgUser user, ImportMapping mapping, ContactList list) {
        List<ListColumn> existing = contacts.columns(list.id());
        for (MappedColumn mapped : mapping.includedColumns()) {
            String name = mapped.name();
            boolean known = ImportMapping.isSystemName(name) || ImportMapping.isConsentName(name)
                    || ColumnNames.find(existing, name).isPresent() || mapping.column(name).isPresent();
            if (!known) {
                throw Fault.INVALID_MAPPING.exception("MAPPING column '" + name + "' is not a column of database "
                        + list.id() + " and is not defined in COLUMNS");
            }
        }
        for (Long contactListId : mapping.contactListIds()) {
            boolean ok = contacts.find(user.organizationId(), contactListId)
                    .filter(c -> c.isContactList() && c.parentId() != null && c.parentId() == list.id()).isPresent();
            if (!ok) {
                throw Fault.NOT_FOUND.exception("CONTACT_LIST_ID " + contactListId + " is not a contact list of database "
                        + list.id());
            }
        }
    }

    /** DELETE finds contacts only by a key: EMAIL, the database's key columns or SYNC_FIELDS. */
    private void checkDeleteKey(ImportMapping mapping, ContactList list) {
        boolean keyed;
        try {
            keyed = new ImportPlan(mapping, list, contacts.columns(list.id())).matchKey().isPresent();
        } catch (IllegalStateException e) {
            throw Fault.INVALID_MAPPING.exception("ACTION DELETE: " + e.getMessage());
        }
        if (!keyed) {
            throw Fault.INVALID_MAPPING.exception("ACTION DELETE needs a key to find the contacts to delete: map EMAIL,"
                    + " the key columns of database " + list.id() + ", or name SYNC_FIELDS");
        }
    }

    private static List<ColumnSpec> specs(List<ColumnDefinition> definitions) {
        List<ColumnSpec> specs = new ArrayList<>();
        for (ColumnDefinition d : definitions) {
            specs.add(new ColumnSpec(d.name(), d.type().code(), d.required(), d.key(), d.defaultValue().orElse(null),
                    d.selectionValues().isEmpty() ? null : String.join(";", d.selectionValues())));
        }
        return specs;
    }

    /** Whether an import of the database waits or runs (AddListColumn waits for it to end). */
    public boolean importPending(long listId) {
        return jobs.nextPending(listId).isPresent();
    }

    /** A job of the caller's organization; another organization's job is reported as missing. */
    public ImportJob status(OrgUser user, long jobId) {
        return jobs.findInOrganization(user.organizationId(), jobId).orElseThrow(() -> missing(jobId));
    }

    /** A missing, forgotten or foreign job: one answer for all (xmlapi-more.md section 11). */
    private static RuntimeException missing(long jobId) {
        return Fault.JOB_ID_INVALID.exception();
    }

    /**
     * What ExportList asks for, checked by the export service: the job's row as it is stored; the
     * spec is made from the new JOB_ID, since some of its PARAMETERS name it.
     */
    public record ExportSubmission(ContactList list, String description, String fileEncoding, Optional<String> email,
                                   String fileName, LongFunction<String> spec) {
    }

    /** Whether a job of the organization already made, or will make, a file of this name in download/. */
    public boolean exportFileTaken(long organizationId, String fileName) {
        return jobs.exportFileTaken(organizationId, fileName);
    }

    /** Stores an export job WAITING in its list's queue, behind that list's imports; returns the JOB_ID. */
    public long submitExport(OrgUser user, ExportSubmission export) {
        ImportJobMapper.ExportInsert insert = new ImportJobMapper.ExportInsert(user.organizationId(), user.userId(),
                export.list().id(), export.description(), export.fileEncoding(), export.email().orElse(null),
                export.fileName(), null);
        database.inTransaction(() -> {
            jobs.insertExport(insert);
            jobs.setExportSpec(insert.id, export.spec().apply(insert.id));
            return null;
        });
        LOG.info("Export job {} queued: list {} of {} to download/{}", insert.id, export.list().id(),
                user.organizationName(), export.fileName());
        queue.kick(export.list().id());
        return insert.id;
    }

    /**
     * DeleteJob (xmlapi-more.md section 11): a WAITING or RUNNING job of the caller's organization is
     * canceled as the admin page's Cancel does; a finished one is forgotten, with its rejected rows
     * (its files in download/ stay). Afterwards GetJobStatus answers 135 for a forgotten job.
     */
    public void delete(OrgUser caller, long jobId) {
        ImportJob job = jobs.findInOrganization(caller.organizationId(), jobId).orElseThrow(() -> missing(jobId));
        if (!job.status().isFinished() && cancel(caller, jobId) != Cancel.ALREADY_ENDED) {
            return;
        }
        int forgotten = database.inTransaction(() -> {
            jobs.forgetErrors(jobId);
            return jobs.forget(caller.organizationId(), jobId);
        });
        if (forgotten == 0) {
            throw missing(jobId); // deleted meanwhile by another call
        }
        LOG.info("Job {} forgotten by {}", jobId, caller.username());
    }

    /**
     * A job the viewer may watch: one of its organization's, or any for a system administrator;
     * empty for a missing job and for one out of sight alike.
     */
    public Optional<ImportJob> find(OrgUser viewer, long jobId) {
        return jobs.find(scope(viewer, Optional.empty()), jobId);
    }

    /** Which jobs a list shows; an empty part does not narrow it. */
    public record JobFilter(Optional<Long> organizationId, Optional<JobStatus> status, Optional<Long> listId,
                            Optional<LocalDateTime> submittedFrom, Optional<LocalDateTime> submittedBefore) {
    }

    /**
     * A page of the jobs the viewer may watch, newest first: its organization's, whatever organization
     * the filter names, or for a system administrator every organization's unless the filter picks one.
     */
    public List<ImportJob> jobs(OrgUser viewer, JobFilter filter, long offset, int limit) {
        return jobs.page(scope(viewer, filter.organizationId()), filter.status().orElse(null), filter.listId().orElse(null),
                filter.submittedFrom().orElse(null), filter.submittedBefore().orElse(null), offset, limit);
    }

    /** How many jobs {@link #jobs} pages through. */
    public long countJobs(OrgUser viewer, JobFilter filter) {
        return jobs.count(scope(viewer, filter.organizationId()), filter.status().orElse(null), filter.listId().orElse(null),
                filter.submittedFrom().orElse(null), filter.submittedBefore().orElse(null));
    }

    /** The one organization a viewer's queries are limited to; null (every one) only for a system administrator. */
    private static Long scope(OrgUser viewer, Optional<Long> asked) {
        if (viewer.systemAdministrator()) {
            return asked.orElse(null);
        }
        return viewer.organizationId();
    }

    /** Rejected rows of a job the viewer may watch with row numbers above {@code afterRow}, in row order. */
    public List<RowError> rejectedRows(OrgUser viewer, long jobId, long afterRow, int limit) {
        return find(viewer, jobId).map(job -> jobs.errors(job.id(), afterRow, limit)).orElse(List.of());
    }

    /** A job's progress at each of its checkpoints, oldest first; empty for a job the viewer may not watch. */
    public List<ProgressSample> progressSamples(OrgUser viewer, long jobId) {
        return find(viewer, jobId).map(job -> jobs.progressSamples(job.id())).orElse(List.of());
    }

    /** A job's rejected rows counted by reason, most frequent first; empty for a job the viewer may not watch. */
    public List<ReasonCount> rejectedByReason(OrgUser viewer, long jobId) {
        return find(viewer, jobId).map(job -> jobs.errorsByReason(job.id())).orElse(List.of());
    }

    /** The {@code .err} file of a job the viewer may watch, in its organization's download folder. */
    public Optional<Path> errorFile(OrgUser viewer, long jobId) {
        return organizationFile(viewer, jobId, ImportJob::errorsPath);
    }

    /** The {@code .res} file (an export's file) of a job the viewer may watch: in download/, or reporting/ for a scheduled export. */
    public Optional<Path> resultsFile(OrgUser viewer, long jobId) {
        return organizationFile(viewer, jobId, ImportJob::resultsPath);
    }

    /** A file of the job named by its path in the organization's root ({@code download/...}, {@code reporting/...}). */
    private Optional<Path> organizationFile(OrgUser viewer, long jobId, Function<ImportJob, String> path) {
        return find(viewer, jobId)
                .filter(job -> path.apply(job) != null)
                .flatMap(job -> OrganizationFolders.resolveInside(
                        folders.root(organizationNames.apply(job.organizationId())), path.apply(job)))
                .filter(Files::isRegularFile);
    }

    /** The hot-folder job of a file in a flow's {@code on/} folder, if one was submitted for it. */
    public Optional<ImportJob> findFlowJob(long organizationId, String flow, String sourceFile) {
        return jobs.findByFlowFile(organizationId, flow, sourceFile);
    }

    /** What a cancel did. */
    public enum Cancel { CANCELED, WILL_STOP, ALREADY_ENDED }

    /**
     * Cancels a job the viewer may watch: a WAITING job ends CANCELED at once, a RUNNING job at its
     * next batch boundary, keeping what it already wrote. A finished job is left as it is.
     */
    public Cancel cancel(OrgUser viewer, long jobId) {
        ImportJob job = find(viewer, jobId).orElseThrow(() -> missing(jobId));
        if (jobs.cancelWaiting(job.organizationId(), jobId, "Canceled by " + viewer.username() + " before it started") == 1) {
            LOG.info("Import job {} canceled by {} while waiting", jobId, viewer.username());
            ImportJob canceled = jobs.findById(jobId).orElseThrow();
            finish(canceled, JobStatus.CANCELED, canceled.description());
            return Cancel.CANCELED;
        }
        ImportJob now = jobs.findById(jobId).orElseThrow();
        if (now.status().isFinished()) {
            return Cancel.ALREADY_ENDED;
        }
        if (jobs.requestCancel(jobId, viewer.username()) == 1) {
            LOG.info("Import job {}: cancel asked by {}", jobId, viewer.username());
        }
        return Cancel.WILL_STOP;
    }

    /** How many jobs are in each status, queued per database, and how fast the running ones go. */
    public JobFigures figures() {
        return new JobFigures(jobs.figures());
    }

    /** Queues every database that has jobs waiting or cut off (at start: after a crash or a restart). */
    public void resumePending() {
        for (Long listId : jobs.listsWithPendingJobs()) {
            queue.kick(listId);
        }
    }

    /** Stops running jobs at their next safe point; they resume at the next start. */
    public void stop() {
        stopping = true;
    }

    /** Runs the database's waiting jobs, oldest first, until none is left (called by Quartz). */
    void runPending(long listId) {
        while (!stopping) {
            try {
                Optional<ImportJob> next = jobs.nextPending(listId);
                if (next.isEmpty()) {
                    return;
                }
                run(next.get());
            } catch (TransientDatabaseException e) {
                // Every retry failed: the database is away longer than a failover. The job stays RUNNING at
                // its last checkpoint; this server tries again later, another resumes it if this one dies.
                LOG.warn("Imports of database {} paused, to resume in {} s: {}", listId, RESUME_AFTER.toSeconds(),
                        e.getMessage());
                queue.kickLater(listId, RESUME_AFTER);
                return;
            }
        }
    }

    private void run(ImportJob job) {
        MDC.put("job", String.valueOf(job.id()));
        MDC.put("organization", organizationNames.apply(job.organizationId()));
        MDC.put("user_id", String.valueOf(job.userId()));
        try {
            boolean resumed = job.status() == JobStatus.RUNNING;
            jobs.markRunning(job.id());
            ImportJob current = jobs.findById(job.id()).orElseThrow();
            LOG.info("Import job {} {} ({} rows already done)", job.id(), resumed ? "resumes" : "starts", current.rowsDone());
            long started = System.nanoTime();
            JobStatus status;
            String description;
            if (current.isExport()) {
                runExport(current);
                return;
            }
            try {
                ImportRun.End end = execute(current);
                elapsed(started);
                if (end instanceof ImportRun.Halted halted && halted.verdict() == ImportRun.Verdict.STOP) {
                    LOG.info("Import job {} paused for shutdown; it resumes at the next start", job.id());
                    return;
                }
                if (end instanceof ImportRun.Completed completed) {
                    status = JobStatus.COMPLETE;
                    description = current.description();
                    Counters counters = completed.counters();
                    LOG.info("Import job {} complete in {} ms: {}", job.id(), (System.nanoTime() - started) / 1_000_000,
                            counters);
                } else {
                    ImportJob now = jobs.findById(job.id()).orElseThrow();
                    status = JobStatus.CANCELED;
                    description = "Canceled while running, after " + now.rowsDone() + " rows; the "
                            + now.counts().applied() + " rows applied before stay applied";
                    LOG.info("Import job {} canceled after {} rows", job.id(), now.rowsDone());
                }
            } catch (TransientDatabaseException e) {
                throw e;
            } catch (ImportRun.Unreadable e) {
                elapsed(started);
                status = JobStatus.ERROR;
                description = e.getMessage();
                LOG.info("Import job {} ended in ERROR: {}", job.id(), description);
            } catch (RuntimeException e) {
                elapsed(started);
                status = JobStatus.ERROR;
                description = "the import failed unexpectedly; the server log has the details";
                LOG.error("Import job {} failed", job.id(), e);
            }
            finish(jobs.findById(job.id()).orElseThrow(), status, description);
        } finally {
            MDC.remove("job");
            MDC.remove("organization");
            MDC.remove("user_id");
            MDC.remove("duration_ms");
        }
    }

    private void runExport(ImportJob job) {
        long started = System.nanoTime();
        JobStatus status;
        String description;
        String file = null;
        try {
            ExportRunner.Outcome outcome = exports.run(job, rows -> {
                jobs.checkpoint(job.id(), job.counts(), rows, 0);
                if (jobs.cancelRequested(job.id())) {
                    return ExportRunner.Verdict.CANCEL;
                }
                return stopping ? ExportRunner.Verdict.STOP : ExportRunner.Verdict.GO_ON;
            });
            if (outcome.haltedBy() == ExportRunner.Verdict.STOP) {
                LOG.info("Export job {} paused for shutdown; it starts over at the next start", job.id());
                return;
            }
            if (outcome.complete()) {
                status = JobStatus.COMPLETE;
                description = job.description();
                file = job.resultsFile();
                jobs.checkpoint(job.id(), job.counts(), outcome.rows(), 0);
                LOG.info("Export job {} complete in {} ms: {} contacts to download/{}", job.id(),
                        (System.nanoTime() - started) / 1_000_000, outcome.rows(), file);
            } else {
                status = JobStatus.CANCELED;
                description = "Canceled while running, after " + outcome.rows() + " contacts; no file was left";
                LOG.info("Export job {} canceled after {} contacts", job.id(), outcome.rows());
            }
        } catch (ExportRunner.Failed e) {
            status = JobStatus.ERROR;
            description = e.getMessage();
            LOG.info("Export job {} ended in ERROR: {}", job.id(), description);
        } catch (RuntimeException e) {
            status = JobStatus.ERROR;
            description = "the export failed unexpectedly; the server log has the details";
            LOG.error("Export job {} failed", job.id(), e);
        }
        jobs.finish(job.id(), status, description, file, null);
        tellEnd(job.id());
    }

    /** The run time so far, as a field of the job's end line (JSON logs). */
    private static void elapsed(long startedNanos) {
        MDC.put("duration_ms", String.valueOf((System.nanoTime() - startedNanos) / 1_000_000));
    }

    private ImportRun.End execute(ImportJob job) throws ImportRun.Unreadable {
        ImportMapping mapping = parser.parse(new ByteArrayInputStream(job.mappingXml().getBytes(StandardCharsets.UTF_8)),
                job.mapFile());
        ContactList list = contacts.find(job.organizationId(), job.listId()).orElseThrow();
        contacts.ensureTable(list);
        List<ListColumn> columns = mapping.action() == Action.CREATE ? contacts.columns(list.id())
                : contacts.addMissingColumns(list, specs(mapping.columns()));
        ConsentChannel channel = job.consentChannel() == null ? null : ConsentChannel.of(job.consentChannel()).orElseThrow();
        ImportPlan plan = new ImportPlan(mapping, list, columns, channel);
        contacts.ensureIndexed(list, plan.indexedMatchColumns());
        if (channel != null) {
            contacts.ensureConsentColumns(list, channel);
        }
        String organization = organizationNames.apply(job.organizationId());
        Path source = (job.flow() == null ? folders.resolveUpload(organization, job.sourceFile())
                : OrganizationFolders.resolveInside(folders.root(organization), job.sourceFile()))
                .filter(Files::isRegularFile)
                .orElseThrow(() -> new ImportRun.Unreadable("SOURCE_FILE " + job.sourceFile()
                        + " no longer exists"));
        ImportRun.End end;
        try {
            end = runFrom(job, plan, source, true);
        } catch (ImportRun.LookUpEveryKey e) {
            LOG.info("Import job {}: {}; going on from its last checkpoint with a lookup of every key", job.id(),
                    e.getMessage());
            end = runFrom(jobs.findById(job.id()).orElseThrow(), plan, source, false);
        }
        contacts.touch(list.id());
        // the contact lists the rows joined (or a sync emptied) changed as much as the database
        plan.contactLists().forEach(contacts::touch);
        return end;
    }

    private ImportRun.End runFrom(ImportJob job, ImportPlan plan, Path source, boolean mayFilterKeys)
            throws ImportRun.Unreadable {
        Source opened;
        try {
            opened = Source.of(source, maxExpandedBytes);
        } catch (IOException e) {
            throw new ImportRun.Unreadable("the source file cannot be read: " + e.getMessage());
        }
        return new ImportRun(database, job, plan, opened, Charset.forName(job.fileEncoding()), batchRows, (counters, rows) -> {
            if (jobs.cancelRequested(job.id())) {
                return ImportRun.Verdict.CANCEL;
            }
            return stopping ? ImportRun.Verdict.STOP : ImportRun.Verdict.GO_ON;
        }, mayFilterKeys).run();
    }

    private void finish(ImportJob job, JobStatus status, String description) {
        if (job.isExport()) {
            jobs.finish(job.id(), status, description, null, null);
            tellEnd(job.id());
            return;
        }
        Path download = folders.download(organizationNames.apply(job.organizationId()));
        String results = null;
        String errors = null;
        try {
            if (job.counts().rejected() > 0) {
                ResultFiles.writeErrors(download, job.id(), jobs);
                errors = ResultFiles.errorsName(job.id());
            }
            // the row's ended_at is set a moment later, by the same clock
            ResultFiles.writeResults(download, job, status, description, LocalDateTime.now().truncatedTo(ChronoUnit.MILLIS));
            results = ResultFiles.resultsName(job.id());
        } catch (IOException e) {
            LOG.error("Import job {}: cannot write result files to {}: {}", job.id(), download, e.getMessage());
        }
        jobs.finish(job.id(), status, description, results, errors);
        tellEnd(job.id());
    }

    private void tellEnd(long jobId) {
        try {
            ImportJob ended = jobs.findById(jobId).orElseThrow();
            onEnd.jobEnded(ended, jobs.errors(jobId, 0, JobEndListener.FIRST_ERRORS));
        } catch (RuntimeException e) {
            LOG.error("Import job {}: telling the job-end listeners failed", jobId, e);
        }
    }

}
