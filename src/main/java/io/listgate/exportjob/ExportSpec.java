package io.listgate.exportjob;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What an export job writes, kept with the job as JSON ({@code import_job.export_spec}) so a job
 * resumed on another server writes the same file. {@code parameters} are its GetJobStatus PARAMETERS,
 * fixed at submission; the job table reads only them.
 *
 * @param from       lower bound of the date range, ISO local date-time, or null
 * @param to         upper bound, or null
 * @param fields     the file's columns in order
 * @param dateFormat LIST_DATE_FORMAT pattern of the file's dates
 * @param daily      for a scheduled export: its two files in {@code reporting/<day>/}; null for ExportList
 */
record ExportSpec(ExportType type, ExportFormat format, String encoding, String from, String to, boolean byCreated,
                  List<Field> fields, String dateFormat, String fileName, List<List<String>> parameters, Daily daily) {

    /**
     * A scheduled export's run (ADR 0023): contacts changed in {@code [from, to]} with {@code fields} to
     * {@code changedFile}, contacts who opted out of a channel then with {@code optOutFields} to
     * {@code optOutsFile}, both in {@code folder} (relative to the organization's root).
     */
    record Daily(String folder, String changedFile, String optOutsFile, List<Field> optOutFields) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One column of the file: a system field, or a column of the database by its name (its own spelling). */
    record Field(SystemField system, String column) {
        static Field of(SystemField system) {
            return new Field(system, null);
        }

        static Field column(String name) {
            return new Field(null, name);
        }

        String header() {
            return system != null ? system.header : column;
        }
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an export spec of plain values always serializes", e);
        }
    }

    static ExportSpec read(String json) {
        try {
            return JSON.readValue(json, ExportSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable export spec: " + e.getMessage(), e);
        }
    }
}
