package io.listgate.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.listgate.importjob.Counter;
import io.listgate.importjob.ImportJob;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;

/**
 * The JSON body of a webhook POST: one compact object per job end. Times are ISO-8601 with the
 * server's offset. The field names are a contract: add fields, never rename them.
 */
public final class JobSummary {

    public static final String EVENT = "import_job.ended";
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobSummary() {
    }

    public static byte[] json(ImportJob job, String organization, String jobPage) {
        ObjectNode root = JSON.createObjectNode();
        root.put("event", EVENT);
        root.put("job_id", job.id());
        root.put("organization", organization);
        root.put("status", job.status().name());
        root.put("description", job.description());
        root.put("list_id", job.listId());
        root.put("list_name", job.listName());
        root.put("action", job.action());
        ObjectNode counts = root.putObject("counts");
        for (Counter counter : Counter.values()) {
            counts.put(counter.key(), job.count(counter));
        }
        ObjectNode files = root.putObject("files");
        files.put("map_file", job.mapFile());
        files.put("source_file", job.sourceFile());
        files.put("results_file", job.resultsFile());
        files.put("error_file", job.errorFile());
        root.put("submitted_at", time(job.submittedAt()));
        root.put("started_at", time(job.startedAt()));
        root.put("ended_at", time(job.endedAt()));
        root.put("job_page", jobPage);
        try {
            return JSON.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    private static String time(LocalDateTime t) {
        return t == null ? null : t.atZone(ZoneId.systemDefault()).toOffsetDateTime().toString();
    }
}
