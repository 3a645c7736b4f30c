package io.listgate.exportjob;

import io.listgate.api.ApiException;
import io.listgate.api.Fault;
import io.listgate.contacts.ColumnNames;
import io.listgate.contacts.ContactDatabaseService;
import io.listgate.contacts.ContactList;
import io.listgate.contacts.ListColumn;
import io.listgate.importjob.ImportJobService;
import io.listgate.mapping.ListDateFormat;
import io.listgate.user.OrgUser;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.EmailValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ExportList at call time: checks every element, chooses the file name, and queues the job
 * ({@link ExportWriter} writes the file when its turn comes). Faults as xmlapi-more.md sections 8 and 12 say.
 */
public final class ExportService {

    private static final Logger LOG = LoggerFactory.getLogger(ExportService.class);
    /** DATE_START/DATE_END: {@code MM/dd/yyyy HH:mm:ss} (24 h), also {@code MM/dd/yyyy} (a choice). */
    private static final DateTimeFormatter RANGE = DateTimeFormatter.ofPattern("M/d/uuuu[ H:mm[:ss]]", Locale.US);
    /** The time in the vendor's file names: {@code Mon d yyyy hh-mm-ss AM|PM}. */
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("MMM d yyyy hh-mm-ss a", Locale.US);
    /** Characters kept out of file names: clients keep only the basename, and FTP and Windows refuse these. */
    private static final Pattern UNSAFE = Pattern.compile("[\\\\/:*?\"<>|\\p{Cntrl}]");

    private final ContactDatabaseService contacts;
    private final ImportJobService jobs;
    private final ExportWriter writer;
    private final Clock clock;

    public ExportService(ContactDatabaseService contacts, ImportJobService jobs, ExportWriter writer, Clock clock) {
        this.contacts = contacts;
        this.jobs = jobs;
        this.writer = writer;
        this.clock = clock;
    }

    /** A queued export: its JOB_ID and the name of the file it will write in download/. */
    public record Submitted(long jobId, String fileName) {
    }

    public Submitted submit(OrgUser user, ExportRequest request) {
        ContactList list = list(user, request.listId());
        ExportType type = choice(ExportType.class, "EXPORT_TYPE", request.exportType(), ExportType.ALL, null);
        ExportFormat format = choice(ExportFormat.class, "EXPORT_FORMAT", request.exportFormat(), ExportFormat.CSV,
                Fault.EXPORT_FORMAT_INVALID);
        Charset charset = request.fileEncoding().map(e -> ImportJobService.charset(e)
                .orElseThrow(Fault.EXPORT_ENCODING_INVALID::exception)).orElse(StandardCharsets.UTF_8);
        request.email().ifPresent(address -> {
            if (!EmailValidator.getInstance().isValid(address)) {
                throw Fault.INVALID_VALUE.exception("EMAIL '" + address + "' is not a valid address");
            }
        });
        Optional<LocalDateTime> from = request.dateStart().map(d -> rangeDate("DATE_START", d, LocalTime.MIN));
        Optional<LocalDateTime> to = request.dateEnd().map(d -> rangeDate("DATE_END", d, LocalTime.MAX));
        String datePattern = request.listDateFormat().map(ExportService::datePattern).orElse(ListDateFormat.DEFAULT_PATTERN);
        List<ExportSpec.Field> fields = fields(request, contacts.columns(list.databaseId()));
        String fileName = fileName(user, list, type, format);
        String description = "Exporting " + type.adjective + " contact source data, " + list.name();
        String encoding = charset.name().toLowerCase(Locale.ROOT);
        try {
            long jobId = jobs.submitExport(user, new ImportJobService.ExportSubmission(list, description, charset.name(),
                    request.email(), fileName, id -> new ExportSpec(type, format, charset.name(),
                    from.map(String::valueOf).orElse(null), to.map(String::valueOf).orElse(null), request.useCreatedDate(),
                    fields, datePattern, fileName, parameters(id, list, type, format, encoding, request, fileName), null).json()));
            return new Submitted(jobId, fileName);
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Cannot queue an export of list {}", list.id(), e);
            throw Fault.EXPORT_JOB_FAILED.exception();
        }
    }

    /** LIST_ID: a database or contact list of the caller's organization; 106 when not a number, 108 when unknown. */
    private ContactList list(OrgUser user, String listId) {
        long id;
        try {
            id = Long.parseLong(listId);
        } catch (NumberFormatException e) {
            throw Fault.LIST_ID_INVALID.exception();
        }
        return contacts.find(user.organizationId(), id)
                .orElseThrow(() -> Fault.LIST_NOT_FOUND.exception("List with id " + id + " Does Not Exist."));
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String element, Optional<String> value, E absent, Fault fault) {
        if (value.isEmpty()) {
            return absent;
        }
        try {
            return Enum.valueOf(type, value.get().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            if (fault != null) {
                throw fault.exception();
            }
            throw Fault.INVALID_VALUE.exception(element + " '" + value.get() + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static LocalDateTime rangeDate(String element, String value, LocalTime dayPart) {
        try {
            var parsed = RANGE.parseBest(value.strip(), LocalDateTime::from, LocalDate::from);
            return parsed instanceof LocalDateTime time ? time : ((LocalDate) parsed).atTime(dayPart);
        } catch (DateTimeParseException e) {
            throw Fault.INVALID_VALUE.exception(element + " '" + value + "' is not a date: use MM/dd/yyyy HH:mm:ss or MM/dd/yyyy");
        }
    }

    /** LIST_DATE_FORMAT in Acoustic's notation; {@code mon} (as in {@code mon d, yyyy}) is the month's short name. */
    private static String datePattern(String value) {
        String pattern = value.strip().replaceAll("(?i)mon(?!th)", "MMM");
        try {
            ListDateFormat.of(pattern);
        } catch (IllegalArgumentException e) {
            throw Fault.INVALID_VALUE.exception("LIST_DATE_FORMAT: " + e.getMessage());
        }
        return pattern;
    }

    /**
     * The file's columns: RECIPIENT_ID and LIST_ID when asked for, then EXPORT_COLUMNS in the order given
     * (names matched without regard to case, the database's spelling kept) or every standard field and
     * every column of the database, then Lead Source when asked for. An unknown name is fault 153.
     */
    private static List<ExportSpec.Field> fields(ExportRequest request, List<ListColumn> columns) {
        List<ExportSpec.Field> fields = new ArrayList<>();
        if (request.includeRecipientId()) {
            fields.add(ExportSpec.Field.of(SystemField.RECIPIENT_ID));
        }
        if (request.includeListId()) {
            fields.add(ExportSpec.Field.of(SystemField.LIST_ID));
        }
        if (request.columns().isEmpty()) {
            SystemField.STANDARD.forEach(f -> fields.add(ExportSpec.Field.of(f)));
            columns.forEach(c -> fields.add(ExportSpec.Field.column(c.name())));
        } else {
            for (String name : request.columns()) {
                ExportSpec.Field field = ColumnNames.find(columns, name.strip())
                        .map(c -> ExportSpec.Field.column(c.name()))
                        .or(() -> SystemField.named(name).map(ExportSpec.Field::of))
                        .orElseThrow(() -> Fault.EXPORT_COLUMN_UNKNOWN.exception());
                if (!fields.contains(field)) {
                    fields.add(field);
                }
            }
        }
        if (request.includeLeadSource()) {
            fields.add(ExportSpec.Field.of(SystemField.LEAD_SOURCE));
        }
        return fields;
    }

    /**
     * {@code <List name> - <type word> - <Mon d yyyy hh-mm-ss AM|PM>.<EXT>} (xmlapi-more.md section 8); a name
     * another job of the organization made or will make, or a file already there, gets {@code (2)}, {@code (3)}...
     */
    private String fileName(OrgUser user, ContactList list, ExportType type, ExportFormat format) {
        String base = UNSAFE.matcher(list.name()).replaceAll("_") + " - " + type.word + " - "
                + NAME_TIME.format(LocalDateTime.now(clock));
        Path download = writer.download(user.organizationName());
        for (int n = 1; ; n++) {
            String name = base + (n == 1 ? "" : " (" + n + ")") + "." + format.extension;
            if (!jobs.exportFileTaken(user.organizationId(), name) && !Files.exists(download.resolve(name))) {
                return name;
            }
        }
    }

    /** GetJobStatus PARAMETERS of an export, in the captured order (xmlapi-more.md section 8). */
    private static List<List<String>> parameters(long jobId, ContactList list, ExportType type, ExportFormat format,
                                                 String encoding, ExportRequest r, String fileName) {
        List<List<String>> p = new ArrayList<>();
        p.add(List.of("FILE_ENCODING", encoding));
        p.add(List.of("USE_CREATED_DATE", String.valueOf(r.useCreatedDate())));
        p.add(List.of("MAX_RANGE", ""));
        p.add(List.of("INCLUDE_LEAD_SOURCE", String.valueOf(r.includeLeadSource())));
        p.add(List.of("LIST_DATE_FORMAT_SAVE", "false"));
        p.add(List.of("END_DATE", r.dateEnd().orElse("")));
        p.add(List.of("START_DATE", r.dateStart().orElse("")));
        p.add(List.of("KEEP_IN_FTP_DOWNLOAD_DIRECTORY", "true"));
        p.add(List.of("ERROR_FILE_NAME", jobId + ".err"));
        p.add(List.of("EMAIL", r.email().orElse("")));
        p.add(List.of("LIST_NAME", list.name()));
        p.add(List.of("EXPORT_FORMAT", String.valueOf(format.code())));
        p.add(List.of("KEEP_IN_STORED_FILES", String.valueOf(r.addToStoredFiles())));
        p.add(List.of("ENCODE_AS_MD5", "false"));
        p.add(List.of("LIST_ID", String.valueOf(list.id())));
        p.add(List.of("INCLUDE_LIST_ID_IN_FILE", String.valueOf(r.includeListId())));
        p.add(List.of("LIST_DATE_FORMAT", r.listDateFormat().orElse("")));
        p.add(List.of("FILENAME", fileName));
        p.add(List.of("RESULTS_FILE_NAME", jobId + ".res"));
        p.add(List.of("EXPORT_TYPE", String.valueOf(type.code())));
        p.add(List.of("INCLUDE_RECIPIENT_ID", String.valueOf(r.includeRecipientId())));
        p.add(List.of("MIN_RANGE", ""));
        return p;
    }
}
