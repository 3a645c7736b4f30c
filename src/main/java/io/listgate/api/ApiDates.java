package io.listgate.api;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The date forms the XML API writes, one formatter per form the spec gives. Clients parse answers with
 * fixed patterns ({@code M/d/yy h:mm a}) and fail on a four-digit year or on seconds, so every date of
 * an answer goes through here: {@link Result#add(String, LocalDateTime)} uses {@link #dateTime}.
 */
public final class ApiDates {

    /**
     * {@code MM/dd/yy hh:mm AM|PM}, e.g. {@code 12/02/26 02:17 AM}: GetLists {@code LAST_MODIFIED},
     * SelectRecipientData {@code LastModified}, {@code OptedIn}, {@code OptedOut}, {@code ResumeSendDate}
     * (xmlapi.md) and GetListMetaData's dates (xmlapi-more.md section 9).
     */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("MM/dd/yy hh:mm a", Locale.US);
    /** {@code MM/dd/yyyy}: values of DATE columns, Acoustic's default list date format. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.US);

    private ApiDates() {
    }

    /** A date and time in the one short form; empty for none. */
    public static String dateTime(LocalDateTime time) {
        return time == null ? "" : DATE_TIME.format(time);
    }

    /** The value of a DATE column; empty for none. */
    public static String date(LocalDate date) {
        return date == null ? "" : DATE.format(date);
    }
}
