package io.listgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One GetJobStatus answer, and how the command line shows it: a table of counts, or JSON. */
record JobStatusView(long id, String status, String description, Map<String, String> parameters) {

    private static final Set<String> ENDED = Set.of("COMPLETE", "ERROR", "CANCELED");
    /** The counts the final table shows, in GetJobStatus order. */
    private static final List<String> COUNTS = List.of("TOTAL_ROWS", "TOTAL_VALID", "SQL_ADDED", "SQL_UPDATED",
            "SQL_DELETED", "OPTED_OUT", "DUPLICATES", "SKIPPED", "NOT_ALLOWED", "BAD_ADDRESSES", "BAD_RECORDS", "LIST_REMOVED");

    static JobStatusView fetch(ApiClient api, long jobId) {
        ApiClient.Envelope answer = api.call("<GetJobStatus><JOB_ID>" + jobId + "</JOB_ID></GetJobStatus>");
        return new JobStatusView(jobId, answer.text("JOB_STATUS"), answer.text("JOB_DESCRIPTION"), answer.parameters());
    }

    boolean ended() {
        return ENDED.contains(status);
    }

    long count(String name) {
        try {
            return Long.parseLong(parameters.getOrDefault(name, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    long rejected() {
        return count("BAD_ADDRESSES") + count("BAD_RECORDS");
    }

    /** Rows in the whole source, estimated from the bytes read so far (the server counts bytes of the file). */
    long estimatedRows() {
        long rows = count("TOTAL_ROWS");
        long read = count("BYTES_READ");
        long size = count("SOURCE_BYTES");
        if (read <= 0 || size <= 0 || rows == 0) {
            return Math.max(rows, 1);
        }
        return Math.max(rows, Math.round((double) rows * size / read));
    }

    /** "+added ~updated !rejected": what the bar shows beside the row count. */
    String soFar() {
        return "+" + count("SQL_ADDED") + " ~" + count("SQL_UPDATED") + " !" + rejected();
    }

    void printTable(PrintStream out) {
        out.printf("Job %d %s%s%n", id, status, description.isEmpty() ? "" : ": " + description);
        for (String name : COUNTS) {
            out.printf("  %-14s %12d%n", name, count(name));
        }
        for (String name : List.of("LIST_ID", "LIST_NAME", "RESULTS_FILE_NAME", "ERROR_FILE_NAME")) {
            if (parameters.containsKey(name)) {
                out.printf("  %-14s %12s%n", name, parameters.get(name));
            }
        }
    }

    void printJson(PrintStream out) {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("job_id", id);
        root.put("status", status);
        root.put("description", description);
        ObjectNode params = root.putObject("parameters");
        parameters.forEach((name, value) -> {
            if (COUNTS.contains(name) || name.equals("LIST_ID") || name.endsWith("_BYTES") || name.equals("BYTES_READ")) {
                params.put(name, count(name));
            } else {
                params.put(name, value);
            }
        });
        try {
            out.println(json.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the job status as JSON", e);
        }
    }
}
