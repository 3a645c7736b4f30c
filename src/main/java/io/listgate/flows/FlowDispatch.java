package io.listgate.flows;

import io.listgate.contacts.ContactDatabaseService;
import io.listgate.files.FlowLayout;
import io.listgate.importjob.Source;
import io.listgate.mapping.ListInfo;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.file.PathUtils;

/**
 * Dispatch: one file, several databases. When a flow root holds {@code dispatch.csv}
 * ({@code reference,LIST_ID} lines), a file of its {@code import/} (or of an opt-out folder holding
 * {@code .explodeAndDispatch}) ends with a column {@code dispatch} naming each row's database. The
 * file is split, streaming, into one part per database under {@code on/<file>.parts/}, and each part
 * becomes an ordinary job of the one pipeline on its database. A row whose reference is unknown is a
 * rejected row of the file ({@code unknown.err}). When every part's job has ended, their reports
 * make the file's {@code .res} and {@code .err}, and the file is filed.
 */
final class FlowDispatch {

    /** The reference table in a flow root. */
    static final String TABLE = FlowLayout.DISPATCH;
    /** The last column of a dispatched file. */
    static final String COLUMN = "dispatch";
    static final String PARTS = ".parts";
    /** Beside a part, once its job has ended: the job's status. */
    static final String ENDED = ".ended";
    static final String UNKNOWN = "unknown.err";
    private static final String PART = ".csv";

    private FlowDispatch() {
    }

    /** Whether files of this folder are dispatched. */
    static boolean applies(Path flowRoot, FlowLayout.Kind kind, Path folder) {
        return Files.isRegularFile(flowRoot.resolve(TABLE))
                && (kind == FlowLayout.Kind.IMPORT || kind.isOptOut() && Files.exists(folder.resolve(FlowLayout.EXPLODE)));
    }

    /** The folder holding a file's parts: {@code on/<file>.parts/}. */
    static Path partsOf(Path on) {
        return on.resolveSibling(on.getFileName() + PARTS);
    }

    /** The file of on/ whose part this is, when it is one. */
    static Optional<Path> fileOfPart(Path part) {
        String folder = part.getParent().getFileName().toString();
        if (!folder.endsWith(PARTS)) {
            return Optional.empty();
        }
        return Optional.of(part.getParent().resolveSibling(folder.substring(0, folder.length() - PARTS.length())));
    }

    /** The database a part fills. */
    static long databaseOf(Path part) {
        String name = part.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - PART.length()));
    }

    /** The flow's references, each a database of the organization. */
    static Map<String, Long> table(Path flowRoot, long organizationId, ContactDatabaseService contacts) throws IOException {
        Map<String, Long> table = new HashMap<>();
        try (Reader in = Files.newBufferedReader(flowRoot.resolve(TABLE), StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get().parse(in)) {
            for (CSVRecord line : csv) {
                String id = line.size() == 2 ? line.get(1) : "";
                if (line.getRecordNumber() == 1 && !id.matches("[0-9]+")) {
                    continue;
                }
                if (!id.matches("[0-9]{1,18}") || line.get(0).isEmpty()) {
                    throw new FlowScanner.Refused(TABLE + " line " + line.getRecordNumber()
                            + " must be reference,LIST_ID, not " + String.join(",", line.values()));
                }
                long listId = Long.parseLong(id);
                if (contacts.find(organizationId, listId).filter(db -> !db.isContactList()).isEmpty()) {
                    throw new FlowScanner.Refused(TABLE + " line " + line.getRecordNumber() + ": " + listId
                            + " is not a database of the organization");
                }
                table.put(line.get(0).toLowerCase(Locale.ROOT), listId);
            }
        } catch (UncheckedIOException e) {
            throw new FlowScanner.Refused(TABLE + " is not valid CSV: " + e.getCause().getMessage());
        }
        if (table.isEmpty()) {
            throw new FlowScanner.Refused(TABLE + " names no reference");
        }
        return table;
    }

    /**
     * Splits a file of on/ into its parts, once: written into a hidden folder then renamed, so a
     * crash in the middle leaves no half split. Rows keep every field (the mapping reads the ones it
     * maps); bytes pass as ISO-8859-1 so the job's encoding reads them as in the file.
     *
     * @return the parts, one per database that has rows
     */
    static List<Path> split(Path on, ListInfo info, Map<String, Long> table, long maxExpandedBytes) throws IOException {
        Path parts = partsOf(on);
        if (!Files.isDirectory(parts)) {
            Path temp = on.resolveSibling("." + parts.getFileName() + ".tmp");
            if (Files.exists(temp)) {
                PathUtils.deleteDirectory(temp);
            }
            Files.createDirectory(temp);
            writeParts(on, temp, info, table, maxExpandedBytes);
            Files.move(temp, parts, StandardCopyOption.ATOMIC_MOVE);
        }
        return parts(parts);
    }

    private static void writeParts(Path on, Path into, ListInfo info, Map<String, Long> table, long maxExpandedBytes)
            throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(info.fileType().delimiter()).setIgnoreEmptyLines(true)
                .get();
        Map<Long, CSVPrinter> printers = new LinkedHashMap<>();
        try (Source.Opened opened = Source.of(on, maxExpandedBytes).open();
             BufferedReader reader = new BufferedReader(new InputStreamReader(opened.data(), StandardCharsets.ISO_8859_1));
             CSVParser csv = format.parse(reader);
             CSVPrinter unknown = new CSVPrinter(Files.newBufferedWriter(into.resolve(UNKNOWN), StandardCharsets.UTF_8),
                     CSVFormat.DEFAULT.builder().setHeader("ROW", "REASON", "MESSAGE", "VALUE").get())) {
            List<String> header = null;
            long row = 0;
            for (CSVRecord record : csv) {
                if (info.hasHeaders() && header == null) {
                    header = record.toList();
                    String last = header.isEmpty() ? "" : header.get(header.size() - 1).replace("\uFEFF", "").strip();
                    if (!last.equalsIgnoreCase(COLUMN)) {
                        throw new FlowScanner.Refused("the flow dispatches by " + TABLE + ", so the file's last column must be "
                                + COLUMN + ", not " + last);
                    }
                    continue;
                }
                row++;
                String reference = record.get(record.size() - 1).strip();
                Long listId = table.get(reference.toLowerCase(Locale.ROOT));
                if (listId == null) {
                    unknown.printRecord(row, "UNKNOWN_DISPATCH", "no reference " + reference + " in " + TABLE, reference);
                    continue;
                }
                CSVPrinter part = printers.get(listId);
                if (part == null) {
                    Writer out = Files.newBufferedWriter(into.resolve(listId + PART), StandardCharsets.ISO_8859_1);
                    part = new CSVPrinter(out, format);
                    printers.put(listId, part);
                    if (header != null) {
                        part.printRecord(header);
                    }
                }
                part.printRecord(record.toList());
            }
        } catch (UncheckedIOException e) {
            throw new FlowScanner.Refused("the file is not valid CSV: " + e.getCause().getMessage());
        } finally {
            for (CSVPrinter printer : printers.values()) {
                printer.close();
            }
        }
    }

    /** The parts of a split, in database order. */
    static List<Path> parts(Path parts) throws IOException {
        try (Stream<Path> files = Files.list(parts)) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9]+" + PART)).sorted(Comparator.naturalOrder()).toList();
        }
    }

    /** Rows whose reference is unknown. */
    static long unknownRows(Path parts) throws IOException {
        try (Stream<String> lines = Files.lines(parts.resolve(UNKNOWN), StandardCharsets.UTF_8)) {
            return Math.max(0, lines.count() - 1);
        }
    }

    /** A part's job ended: its report is kept beside it until every part has one. */
    static void partEnded(Path part, String status) throws IOException {
        Files.writeString(part.resolveSibling(part.getFileName() + ENDED), status, StandardCharsets.UTF_8);
    }

    /** Whether every part's job has ended (a split with no part at all has ended too). */
    static boolean allEnded(Path parts) throws IOException {
        for (Path part : parts(parts)) {
            if (!Files.exists(part.resolveSibling(part.getFileName() + ENDED))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Writes the file's report: per database its job's report, and the rows with an unknown
     * reference; its rejected rows, each part's then the unknown references. Answers whether every
     * part's job was COMPLETE.
     */
    static boolean report(Path parts, String name, Path res, Path err) throws IOException {
        boolean complete = true;
        long unknown = unknownRows(parts);
        StringBuilder text = new StringBuilder("ListGate hot folder dispatch of " + name + "\n");
        List<Path> list = parts(parts);
        List<String> statuses = new ArrayList<>();
        for (Path part : list) {
            String status = Files.readString(part.resolveSibling(part.getFileName() + ENDED), StandardCharsets.UTF_8);
            statuses.add(status);
            complete &= status.equals("COMPLETE");
        }
        text.append("Status: ").append(complete ? "COMPLETE" : "ERROR").append('\n');
        text.append("Databases: ").append(list.size()).append('\n');
        text.append("Rows with an unknown dispatch reference (rejected): ").append(unknown).append("\n\n");
        boolean anyError = unknown > 0;
        for (int i = 0; i < list.size(); i++) {
            Path part = list.get(i);
            long db = databaseOf(part);
            text.append("== LIST_ID ").append(db).append(": ").append(statuses.get(i)).append('\n');
            Path partRes = part.resolveSibling(part.getFileName() + ".res");
            if (Files.exists(partRes)) {
                text.append(Files.readString(partRes, StandardCharsets.UTF_8)).append('\n');
            }
            anyError |= Files.exists(part.resolveSibling(part.getFileName() + ".err"));
        }
        Files.writeString(res, text, StandardCharsets.UTF_8);
        if (anyError) {
            writeErrors(parts, list, err);
        }
        return complete;
    }

    /** The parts' rejected rows, their messages naming the database, then the unknown references. */
    private static void writeErrors(Path parts, List<Path> list, Path err) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(err, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                     .setHeader("ROW", "REASON", "MESSAGE", "VALUE").get())) {
            for (Path part : list) {
                Path partErr = part.resolveSibling(part.getFileName() + ".err");
                if (Files.exists(partErr)) {
                    copyErrors(partErr, "LIST_ID " + databaseOf(part) + " (row of its part): ", csv);
                }
            }
            copyErrors(parts.resolve(UNKNOWN), "", csv);
        }
    }

    private static void copyErrors(Path from, String prefix, CSVPrinter to) throws IOException {
        try (Reader in = Files.newBufferedReader(from, StandardCharsets.UTF_8);
             CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            for (CSVRecord r : csv) {
                to.printRecord(r.get("ROW"), r.get("REASON"), prefix + r.get("MESSAGE"), r.get("VALUE"));
            }
        }
    }

    /** Removes a filed file's parts. */
    static void remove(Path parts) throws IOException {
        if (Files.isDirectory(parts)) {
            PathUtils.deleteDirectory(parts);
        }
    }
}
