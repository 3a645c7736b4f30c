package io.listgate.contacts;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Dates as the XML API shows them (US style, as Acoustic writes them); empty for none. */
final class ApiDates {

    private static final DateTimeFormatter LIST = DateTimeFormatter.ofPattern("MM/dd/yy hh:mm a", Locale.US);
    private static final DateTimeFormatter CONTACT = DateTimeFormatter.ofPattern("MM/dd/yyyy hh:mm:ss a", Locale.US);

    private ApiDates() {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.US);

    /** Date columns are stored as ISO dates and shown in Acoustic's default mm/dd/yyyy. */
    static String columnValue(ListColumn column, String stored) {
        if (column.columnType() == ListColumn.DATE) {
            try {
                return DATE.format(LocalDate.parse(stored));
            } catch (DateTimeParseException e) {
                return stored;
            }
        }
        return stored;
    }

    static String list(LocalDateTime time) {
        return time == null ? "" : LIST.format(time);
    }

    static String contact(LocalDateTime time) {
        return time == null ? "" : CONTACT.format(time);
    }
}
