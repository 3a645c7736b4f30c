package io.listgate.importjob;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The files a finished job leaves in the organization's {@code download/}: {@code <JOB_ID>.res}
 * (what the job did) and, with rejected rows, {@code <JOB_ID>.err} (every one of them). Plain text
 * for people; written to a temporary name and moved into place so a client never reads half a file.
 */
final class ResultFiles {

    private static final int PAGE = 5000;

    private ResultFiles() {
    }

    static String resultsName(long jobId) {
        return jobId + ".res";
    }

    static String errorsName(long jobId) {
        return jobId + ".err";
    }

    static void writeResults(Path download, ImportJob job, JobStatus status, String description, LocalDateTime ended)
            throws IOException {
        Path target = download.resolve(resultsName(job.id()));
        Path temp = Files.createTempFile(download, ".res-", ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            out.write("ListGate import job " + job.id() + "\n");
            out.write("Status: " + status + "\n");
            out.write("Description: " + description + "\n");
            out.write("Database: " + job.listName() + " (LIST_ID " + job.listId() + ")\n");
            out.write("Action: " + job.action() + "\n");
            out.write("Mapping file: " + job.mapFile() + "\n");
            out.write("Source file: " + job.sourceFile() + " (" + job.fileEncoding() + ")\n");
            out.write("Submitted: " + withOffset(job.submittedAt()) + "\n");
            out.write("Started: " + withOffset(job.startedAt()) + "\n");
            out.write("Ended: " + withOffset(ended) + "\n\n");
            for (String[] line : job.parameters()) {
                out.write(line[0] + ": " + line[1] + "\n");
            }
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** ISO-8601 with the server's offset ({@code 2026-12-02T01:21:36.836+01:00}), as mail and webhooks write times. */
    static String withOffset(LocalDateTime time) {
        return time == null ? "-" : time.atZone(ZoneId.systemDefault()).toOffsetDateTime().toString();
    }

    /** Writes every rejected row, paging through the database so memory stays flat. */
    static void writeErrors(Path download, long jobId, ImportJobMapper jobs) throws IOException {
        Path target = download.resolve(errorsName(jobId));
        Path temp = Files.createTempFile(download, ".err-", ".tmp");
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
             CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                     .setHeader("ROW", "REASON", "MESSAGE", "VALUE").get())) {
            long after = 0;
            while (true) {
                List<RowError> page = jobs.errors(jobId, after, PAGE);
                for (RowError error : page) {
                    csv.printRecord(error.rowNumber(), error.reason(), error.message(), error.value());
                }
                if (page.size() < PAGE) {
                    break;
                }
                after = page.get(page.size() - 1).rowNumber();
            }
        }
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
