package io.listgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ApiDatesTest {

    private static final LocalDateTime EARLY = LocalDateTime.of(2026, 12, 2, 2, 17, 26);

    @Test
    void aDateTimeIsWrittenInTheShortFormWithATwoDigitYearAndNoSeconds() {
        assertEquals("12/02/26 02:17 AM", ApiDates.dateTime(EARLY));
        assertEquals("01/05/27 11:05 PM", ApiDates.dateTime(LocalDateTime.of(2027, 1, 5, 23, 5, 59)));
    }

    @Test
    void whatIsWrittenParsesWithThePatternClientsUse() {
        DateTimeFormatter clients = DateTimeFormatter.ofPattern("M/d/yy h:mm a", Locale.US);

        assertEquals(EARLY.withSecond(0), LocalDateTime.parse(ApiDates.dateTime(EARLY), clients));
    }

    @Test
    void noDateIsEmpty() {
        assertEquals("", ApiDates.dateTime(null));
        assertEquals("", ApiDates.date(null));
    }

    @Test
    void aDateColumnValueIsMonthDayAndFourDigitYear() {
        assertEquals("12/10/1985", ApiDates.date(LocalDate.of(1985, 12, 10)));
    }

    @Test
    void aResultWritesDateTimesInTheShortFormAndRefusesOtherDatesThatWouldComeOutAsIso() {
        Result result = Result.empty().add("LastModified", EARLY).add("OptedOut", (LocalDateTime) null);

        assertEquals("12/02/26 02:17 AM", result.nodes().get(0).text());
        assertEquals("", result.nodes().get(1).text());
        assertThrows(IllegalArgumentException.class, () -> Result.empty().add("CREATED", (Object) EARLY.toLocalDate()));
    }
}
