package io.listgate.importjob;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.listgate.files.OrganizationFolders;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A row of {@code import_job}: one ImportList call, hot-folder file or ExportList call, its progress and its outcome.
 * {@code flow} is the hot folder ({@code contacts/import}) a file came through, null for ImportList;
 * its {@code sourceFile} is then relative to the organization's root. {@code consentChannel} is the
 * {@link io.listgate.contacts.ConsentChannel} a hot folder's opt-out or opt-in job changes, null otherwise.
 */
public record ImportJob(long id, long organizationId, long userId, long listId, String listName, String action,
                        JobStatus status, String description, String mapFile, String sourceFile, String flow,
                        String consentChannel, String fileEncoding,
                        String notifyEmail, String mappingXml, long sourceBytes, long bytesDone, long rowsDone,
                        Counters counts, String resultsFile, String errorFile, int attempts, LocalDateTime submittedAt,
                        LocalDateTime startedAt, LocalDateTime endedAt, String exportSpec) {

    /** The action of an ExportList job; its {@code exportSpec} says what it exports. */
    public static final String EXPORT = "EXPORT";
    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean isExport() {
        return EXPORT.equals(action);
    }

    /**
     * Where the results file is in the organization's root: a bare name is in {@code download/}; a
     * scheduled export's names its folder ({@code reporting/<day>/...}, ADR 0023). Null when none.
     */
    public String resultsPath() {
        if (resultsFile == null) {
            return null;
        }
        return resultsFile.contains("/") ? resultsFile : OrganizationFolders.DOWNLOAD + "/" + resultsFile;
    }

    /** Where the {@code .err} file is in the organization's root (always {@code download/}); null when none. */
    public String errorsPath() {
        return errorFile == null ? null : OrganizationFolders.DOWNLOAD + "/" + errorFile;
    }

    /** The counter's value. */
    public long count(Counter counter) {
        return counts.get(counter);
    }

    /**
     * GetJobStatus PARAMETERS of the job: every counter in every state, then what the job is and made.
     * {@code CALC_LIST_JOB_ID} is the job's own id: a client reads it as a long without checking, and
     * ListGate runs no separate list-size calculation job (spec: FTP side).
     */
    public List<String[]> parameters() {
        if (exportSpec != null) {
            return exportParameters();
        }
        List<String[]> p = new ArrayList<>();
        p.add(new String[] {"LIST_ID", String.valueOf(listId)});
        p.add(new String[] {"LIST_NAME", listName});
        for (Counter counter : Counter.values()) {
            p.add(new String[] {counter.name(), String.valueOf(counts.get(counter))});
        }
        p.add(new String[] {"ACTION", action});
        p.add(new String[] {"MAP_FILE", mapFile});
        p.add(new String[] {"SOURCE_FILE", sourceFile});
        p.add(new String[] {"FILE_ENCODING", fileEncoding});
        p.add(new String[] {"SOURCE_BYTES", String.valueOf(sourceBytes)});
        p.add(new String[] {"BYTES_READ", String.valueOf(bytesDone)});
        p.add(new String[] {"CALC_LIST_JOB_ID", String.valueOf(id)});
        if (resultsFile != null) {
            p.add(new String[] {"RESULTS_FILE_NAME", resultsFile});
        }
        if (errorFile != null) {
            p.add(new String[] {"ERROR_FILE_NAME", errorFile});
        }
        return p;
    }

    /** An export's PARAMETERS were fixed at submission: the spec's {@code parameters}, a list of name/value pairs. */
    private List<String[]> exportParameters() {
        try {
            List<String[]> p = new ArrayList<>();
            for (JsonNode pair : JSON.readTree(exportSpec).path("parameters")) {
                p.add(new String[] {pair.get(0).asText(), pair.get(1).asText()});
            }
            return p;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("export job " + id + " has an unreadable spec", e);
        }
    }
}
