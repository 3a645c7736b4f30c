package io.listgate.notify;

import io.listgate.importjob.Counter;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.RowError;
import java.time.LocalDateTime;
import java.util.List;

/** Subject and plain-text body of the job-end mail (issue 5, Notifications). */
public record JobMail(String subject, String body) {

    /** {@code jobPage} is the absolute URL of the job's admin page. */
    public static JobMail of(ImportJob job, List<RowError> firstErrors, String jobPage) {
        String kind = job.isExport() ? "export" : "import";
        String subject = "ListGate " + kind + " job " + job.id() + " " + job.status() + ": " + oneLine(job.listName());
        StringBuilder b = new StringBuilder();
        b.append(job.isExport() ? "Export job " : "Import job ").append(job.id()).append(" ended ").append(job.status()).append(".\n");
        if (job.description() != null && !job.description().isBlank()) {
            b.append(job.description()).append('\n');
        }
        b.append('\n');
        line(b, "Database", job.listName() + " (LIST_ID " + job.listId() + ")");
        line(b, "Action", job.action());
        if (job.isExport()) {
            line(b, "File", job.resultsFile() == null ? "none" : job.resultsPath());
        } else {
            line(b, "Map file", job.mapFile());
            line(b, "Source file", job.sourceFile());
        }
        line(b, "Submitted", time(job.submittedAt()));
        line(b, "Started", time(job.startedAt()));
        line(b, "Ended", time(job.endedAt()));
        b.append('\n');
        if (job.isExport()) {
            line(b, "Contacts exported", job.rowsDone());
        } else {
            for (Counter counter : Counter.values()) {
                line(b, counter.name(), job.count(counter));
            }
        }
        long rejected = rejected(job);
        if (rejected > 0) {
            b.append('\n').append(rejected > firstErrors.size()
                    ? "First " + firstErrors.size() + " of " + rejected + " rejected rows:\n"
                    : "Rejected rows:\n");
            for (RowError e : firstErrors) {
                b.append("  row ").append(e.rowNumber()).append(": ").append(e.reason()).append(" - ")
                        .append(oneLine(e.message()));
                if (e.value() != null) {
                    b.append(" [").append(oneLine(e.value())).append(']');
                }
                b.append('\n');
            }
            if (job.errorFile() != null) {
                b.append("All rejected rows: download/").append(job.errorFile()).append('\n');
            }
        }
        if (job.resultsFile() != null) {
            b.append("Results: ").append(job.resultsPath()).append('\n');
        }
        b.append("\nJob page: ").append(jobPage).append('\n');
        return new JobMail(subject, b.toString());
    }

    /** Rows rejected for any reason: what the error file lists. */
    static long rejected(ImportJob job) {
        return job.counts().rejected();
    }

    private static void line(StringBuilder b, String name, Object value) {
        b.append(String.format("%-14s %s%n", name + ":", value == null ? "-" : value));
    }

    private static String time(LocalDateTime t) {
        return t == null ? "-" : t.withNano(0).toString().replace('T', ' ');
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\r\\n\\t]+", " ");
    }
}
