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
 */
record ExportSpec(ExportType type, ExportFormat format, String encoding, String from, String to, boolean byCreated,
                  List<Field> fields, String dateFormat, String fileName, List<List<String>> parameters) {

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
