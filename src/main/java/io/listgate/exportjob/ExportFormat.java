package io.listgate.exportjob;

/**
 * EXPORT_FORMAT: the delimiter, the file extension ({@code CSV} is the vendor's, {@code TXT} for the
 * others our choice) and the numeric PARAMETERS value (CSV 0 captured, the others in enum order).
 */
enum ExportFormat {
    CSV(',', "CSV"), TAB('\t', "TXT"), PIPE('|', "TXT");

    final char delimiter;
    final String extension;

    ExportFormat(char delimiter, String extension) {
        this.delimiter = delimiter;
        this.extension = extension;
    }

    int code() {
        return ordinal();
    }
}
