package io.listgate.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ListDateFormatTest {

    private static final Clock IN_2026 = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    private static Optional<LocalDate> parse(String pattern, String value) {
        return ListDateFormat.of(pattern).withClock(IN_2026).parse(value);
    }

    @Test
    void theDefaultFormatIsMonthDayFourDigitYear() {
        assertEquals("mm/dd/yyyy", ListDateFormat.defaultFormat().pattern());
        assertEquals(Optional.of(LocalDate.of(1985, 12, 10)), ListDateFormat.defaultFormat().parse("12/10/1985"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "mm/dd/yyyy; 2026-01-05; 01/05/2026",
        "M/d/yyyy; 2026-01-05; 1/5/2026",
        "yyyy-mm-dd; 1815-12-10; 1815-12-10",
        "MMM d, yyyy; 2026-01-05; Jan 5, 2026",
        "dd MMMM yy; 2026-09-30; 30 September 26",
        "yyyymmdd; 2026-01-05; 20260105"})
    void exportsWriteADateAsThePatternSpellsIt(String pattern, LocalDate date, String written) {
        assertEquals(written, ListDateFormat.of(pattern).format(date));
        assertEquals(Optional.of(date), parse(pattern, written), "what an export writes, an import reads back");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "mm/dd/yyyy; 06/23/1982; 1982-06-23",
        "MM/DD/YYYY; 06/23/1982; 1982-06-23",
        "M/d/yyyy; 6/23/1982; 1982-06-23",
        "mm/dd/yyyy; 1/5/2024; 2024-01-05",
        "dd.mm.yyyy; 23.06.1982; 1982-06-23",
        "yyyy/mm/dd; 1982/06/23; 1982-06-23",
        "yyyy-mm-dd; 1982-06-23; 1982-06-23",
        "dd mm yyyy; 23 06 1982; 1982-06-23",
        "d?m?yyyy; 23?6?1982; 1982-06-23",
        "MMM d, yyyy; Jun 23, 1982; 1982-06-23",
        "MMM d, yyyy; jun 23, 1982; 1982-06-23",
        "MMM d, yyyy; Sept 3, 1982; 1982-09-03",
        "MMMM d, yyyy; June 23, 1982; 1982-06-23",
        "MMMM d, yyyy; JUNE 23, 1982; 1982-06-23",
        "d MMMM yyyy; 23 June 1982; 1982-06-23",
        "ddMMMyyyy; 23Jun1982; 1982-06-23",
        "yyyymmdd; 19820623; 1982-06-23",
        "mmddyy; 062382; 1982-06-23",
        "mm/dd/yyyy; '  06/23/1982  '; 1982-06-23",
        "mm/dd/yyyy; 02/29/2024; 2024-02-29",
    })
    void parsesValuesWrittenInTheFormat(String pattern, String value, LocalDate expected) {
        assertEquals(Optional.of(expected), parse(pattern, value));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "mm/dd/yyyy; 02/30/2024",
        "mm/dd/yyyy; 02/29/2023",
        "mm/dd/yyyy; 13/01/2024",
        "mm/dd/yyyy; 00/10/2024",
        "mm/dd/yyyy; 12/00/2024",
        "mm/dd/yyyy; 04/31/2024",
        "mm/dd/yyyy; 12/10/0000",
        "mm/dd/yyyy; 12-10-1985",
        "mm/dd/yyyy; 12/10/85",
        "mm/dd/yyyy; 12/10/19850",
        "mm/dd/yyyy; 123/10/1985",
        "mm/dd/yyyy; 12/10/1985 00:00:00",
        "mm/dd/yyyy; 12/10/1985x",
        "mm/dd/yyyy; 12//10/1985",
        "mm/dd/yyyy; +1/10/1985",
        "mm/dd/yyyy; 1985-12-10",
        "mm/dd/yyyy; ١٢/10/1985",
        "mm/dd/yyyy; not a date",
        "MMM d, yyyy; Jux 23, 1982",
        "MMM d, yyyy; 06 23, 1982",
        "yyyymmdd; 1982623",
        "dd.mm.yyyy; 23/06/1982",
    })
    void refusesValuesThatAreNotCalendarDatesInTheFormat(String pattern, String value) {
        assertEquals(Optional.empty(), parse(pattern, value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void blankValuesAreNoDate(String value) {
        assertEquals(Optional.empty(), parse("mm/dd/yyyy", value));
        assertEquals(Optional.empty(), ListDateFormat.defaultFormat().parse(null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "85; 1985",
        "46; 1946",
        "45; 2045",
        "00; 2000",
        "26; 2026",
        "99; 1999",
    })
    void twoDigitYearsFallInTheEightyYearsBeforeAndNineteenAfterToday(String yy, int year) {
        assertEquals(Optional.of(LocalDate.of(year, 1, 2)), parse("mm/dd/yy", "01/02/" + yy));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "'  '; empty",
        "mm/dd; year",
        "dd/yyyy; month",
        "mm/yyyy; day",
        "mm/mm/yyyy; month",
        "mm/dd/yyy; 'yyy' is not a token",
        "mmmmm/dd/yyyy; 'mmmmm' is not a token",
        "mm/ddd/yyyy; 'ddd' is not a token",
        "mm///dd/yyyy; longer than two characters",
        "mm:dd:yyyy; ':'",
        "mm/dd/yyyy hh; 'h'",
        "/mm/dd/yyyy; start and end with a token",
        "mm/dd/yyyy.; start and end with a token",
        "mdyyyy; ambiguous",
        "mmdyyyy; ambiguous",
    })
    void refusesPatternsThatAreNotAcousticDateFormats(String pattern, String complaint) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListDateFormat.of(pattern));
        assertTrue(e.getMessage().contains(complaint), e.getMessage());
    }

    @Test
    void separatorsOfTwoCharactersAreAllowed() {
        assertEquals(Optional.of(LocalDate.of(1982, 6, 23)), parse("dd. mm. yyyy", "23. 06. 1982"));
        assertEquals(Optional.of(LocalDate.of(1982, 6, 23)), parse("mm//dd//yyyy", "06//23//1982"));
    }

    @Test
    void formatsAreEqualByPatternAndShowIt() {
        assertEquals(ListDateFormat.of("dd.mm.yyyy"), ListDateFormat.of(" dd.mm.yyyy ").withClock(IN_2026));
        assertEquals(ListDateFormat.of("dd.mm.yyyy").hashCode(), ListDateFormat.of("dd.mm.yyyy").hashCode());
        assertNotEquals(ListDateFormat.of("dd.mm.yyyy"), ListDateFormat.of("mm.dd.yyyy"));
        assertEquals("dd.mm.yyyy", ListDateFormat.of("dd.mm.yyyy").toString());
    }
}
