package io.listgate.exportjob;

import io.listgate.contacts.ColumnNames;
import io.listgate.contacts.ContactDatabaseService;
import io.listgate.contacts.ContactList;
import io.listgate.contacts.ContactReader;
import io.listgate.contacts.ListColumn;
import io.listgate.files.OrganizationFolders;
import io.listgate.importjob.ExportRunner;
import io.listgate.importjob.ImportJob;
import io.listgate.mapping.ListDateFormat;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * Writes an export job's file: a header row, then one row per contact streamed from the database,
 * into a hidden temporary name in {@code download/} that is renamed to the announced name only when
 * complete, so a client polling the folder never reads half a file. Rows end in CRLF; a field is
 * quoted only when it holds the delimiter, a quote or a line break (RFC 4180).
 */
public final class ExportWriter implements ExportRunner {

    /** Rows between two progress reports (and cancel checks). */
    static final int REPORT_EVERY = 10_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final ContactDatabaseService contacts;
    private final ContactReader reader;
    private final OrganizationFolders folders;
    private final LongFunction<String> organizationNames;

    public ExportWriter(ContactDatabaseService contacts, ContactReader reader, OrganizationFolders folders,
                        LongFunction<String> organizationNames) {
        this.contacts = contacts;
        this.reader = reader;
        this.folders = folders;
        this.organizationNames = organizationNames;
    }

    /** The organization's download folder, where export files go. */
    Path download(String organizationName) {
        return folders.download(organizationName);
    }

    @Override
    public Outcome run(ImportJob job, Control control) throws Failed {
        ExportSpec spec = ExportSpec.read(job.exportSpec());
        ContactList list = contacts.find(job.organizationId(), job.listId())
                .orElseThrow(() -> new Failed("list " + job.listId() + " no longer exists", null));
        List<ListColumn> columns = contacts.columns(list.databaseId());
        String organization = organizationNames.apply(job.organizationId());
        Optional<LocalDateTime> from = Optional.ofNullable(spec.from()).map(LocalDateTime::parse);
        Optional<LocalDateTime> to = Optional.ofNullable(spec.to()).map(LocalDateTime::parse);
        if (spec.daily() == null) {
            Path download = folders.download(organization);
            return write(job, control, spec, spec.fields(), columns, list, download, spec.fileName(), ".export.part",
                    (read, rows) -> reader.read(list, read, new ContactReader.Selection(spec.type().subset, from, to,
                            spec.byCreated()), rows));
        }
        // A scheduled export's run: both files, changed contacts first; a rerun for the same day replaces them.
        ExportSpec.Daily daily = spec.daily();
        Path folder = OrganizationFolders.resolveInside(folders.root(organization), daily.folder())
                .orElseThrow(() -> new Failed("the folder " + daily.folder() + " is not inside the organization's root", null));
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new Failed("the folder " + daily.folder() + " cannot be made: " + e.getMessage(), e);
        }
        Outcome changed = write(job, control, spec, spec.fields(), columns, list, folder, daily.changedFile(), ".changed.part",
                (read, rows) -> reader.read(list, read, new ContactReader.Selection(ContactReader.Subset.ALL, from, to, false),
                        rows));
        if (!changed.complete()) {
            return changed;
        }
        Outcome optOuts = write(job, control, spec, daily.optOutFields(), columns, list, folder, daily.optOutsFile(),
                ".optouts.part", (read, rows) -> reader.readOptOuts(list, read,
                        contacts.consentChannels(contacts.databaseOf(list)), from.orElseThrow(), to.orElseThrow(), rows));
        return new Outcome(changed.rows() + optOuts.rows(), optOuts.haltedBy());
    }

    /** How one file's contacts are read: with these columns, into this sink. */
    @FunctionalInterface
    private interface Source {
        long read(List<ListColumn> columns, ContactReader.Sink rows) throws IOException, SQLException;
    }

    /**
     * Writes one file of {@code fields} into {@code folder} under a hidden part name ({@code .<job id><suffix>}),
     * renamed to {@code fileName} when complete, replacing a file of that name.
     */
    private Outcome write(ImportJob job, Control control, ExportSpec spec, List<ExportSpec.Field> fields,
                          List<ListColumn> columns, ContactList list, Path folder, String fileName, String partSuffix,
                          Source source) throws Failed {
        List<ListColumn> read = new ArrayList<>();
        int[] valueIndex = new int[fields.size()];
        for (int i = 0; i < valueIndex.length; i++) {
            ExportSpec.Field field = fields.get(i);
            if (field.column() != null) {
                ListColumn column = ColumnNames.find(columns, field.column())
                        .orElseThrow(() -> new Failed("column " + field.column() + " no longer exists", null));
                valueIndex[i] = read.size();
                read.add(column);
            }
        }
        Path target = OrganizationFolders.resolveInside(folder, fileName)
                .orElseThrow(() -> new Failed("the file name " + fileName + " is not a name inside its folder", null));
        Path temporary = folder.resolve("." + job.id() + partSuffix);
        Rows rows = new Rows(spec, fields, list, read, valueIndex, control);
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(spec.format().delimiter)
                .setQuoteMode(QuoteMode.MINIMAL).setRecordSeparator("\r\n").get();
        try {
            try (Writer out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(temporary),
                    Charset.forName(spec.encoding())), 1 << 16);
                 CSVPrinter printer = new CSVPrinter(out, format)) {
                rows.printer = printer;
                for (ExportSpec.Field field : fields) {
                    printer.print(field.header());
                }
                printer.println();
                source.read(read, rows::print);
            }
            if (rows.halt != Verdict.GO_ON) {
                Files.deleteIfExists(temporary);
                return new Outcome(rows.count, rows.halt);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Outcome(rows.count, Verdict.GO_ON);
        } catch (IOException | SQLException e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // the failure below is what matters; a leftover hidden part file is harmless
            }
            throw new Failed("the export file could not be written: " + e.getMessage(), e);
        }
    }

    /** The per-row side of one run: formats each contact's fields and reports progress. */
    private static final class Rows {
        private final List<ExportSpec.Field> fields;
        private final ContactList list;
        private final List<ListColumn> read;
        private final int[] valueIndex;
        private final Control control;
        private final ListDateFormat dates;
        private CSVPrinter printer;
        private long count;
        private Verdict halt = Verdict.GO_ON;

        Rows(ExportSpec spec, List<ExportSpec.Field> fields, ContactList list, List<ListColumn> read, int[] valueIndex,
             Control control) {
            this.fields = fields;
            this.list = list;
            this.read = read;
            this.valueIndex = valueIndex;
            this.control = control;
            this.dates = ListDateFormat.of(spec.dateFormat());
        }

        boolean print(ContactReader.Row row) throws IOException, SQLException {
            for (int i = 0; i < valueIndex.length; i++) {
                ExportSpec.Field field = fields.get(i);
                printer.print(field.system() != null ? system(field.system(), row) : column(row, valueIndex[i]));
            }
            printer.println();
            count++;
            if (count % REPORT_EVERY == 0) {
                halt = control.rowsWritten(count);
                return halt == Verdict.GO_ON;
            }
            return true;
        }

        private String system(SystemField field, ContactReader.Row row) throws SQLException {
            return switch (field) {
                case RECIPIENT_ID -> String.valueOf(row.recipientId());
                case LIST_ID -> String.valueOf(list.id());
                case EMAIL -> row.email();
                case OPTED_IN -> time(row.optedIn());
                case OPT_OUT_FLAG -> row.optedOut() == null ? "F" : "T";
                case OPT_IN_DETAILS -> row.optInDetails();
                case EMAIL_TYPE -> String.valueOf(row.emailType());
                case OPTED_OUT -> time(row.optedOut());
                case LEAD_SOURCE -> "";
                case CHANNEL -> row.channel();
            };
        }

        /** Dates of the contact itself: LIST_DATE_FORMAT and the time of day, 24 h. */
        private String time(LocalDateTime time) {
            return time == null ? "" : dates.format(time.toLocalDate()) + " " + TIME.format(time);
        }

        /** DATE columns are stored as ISO dates and written in LIST_DATE_FORMAT; other values as stored. */
        private String column(ContactReader.Row row, int index) throws SQLException {
            String value = row.value(index);
            if (value == null || read.get(index).columnType() != ListColumn.DATE) {
                return value;
            }
            try {
                return dates.format(LocalDate.parse(value));
            } catch (DateTimeParseException e) {
                return value;
            }
        }
    }
}
