package io.listgate.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.contacts.ContactDatabaseService.DayCount;
import io.listgate.importjob.Counters;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.JobStatus;
import io.listgate.importjob.ProgressSample;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AdminChartsTest {

    private static final LocalDateTime START = LocalDateTime.of(2026, 12, 2, 10, 0);

    @Test
    void rowsPerSecondAreTheRowsBetweenCheckpointsOverTheirTime() {
        AdminCharts.LineChart chart = AdminCharts.rowsPerSecond(job(START), List.of(
                new ProgressSample(START.plusSeconds(1), 1000), new ProgressSample(START.plusSeconds(3), 2000)));

        assertEquals(List.of(List.of("1.0", "1000", "1000"), List.of("3.0", "2000", "500")), chart.rows());
        assertEquals("1000", chart.yMax());
        // each interval is a step at its rate: the first the fastest (top), the second half way down
        assertEquals("0.0,0.0 200.0,0.0 200.0,80.0 600.0,80.0", chart.series().get(0).points());
        assertTrue(chart.description().contains("at most 1000"), chart.description());
    }

    @Test
    void aLongJobsCheckpointsAreThinnedToAFewHundredIntervalsEndingAtTheLast() {
        List<ProgressSample> samples = IntStream.rangeClosed(1, 1000)
                .mapToObj(i -> new ProgressSample(START.plusSeconds(i), i * 100L)).toList();

        AdminCharts.LineChart chart = AdminCharts.rowsPerSecond(job(START), samples);

        assertTrue(chart.rows().size() <= AdminCharts.MAX_INTERVALS, chart.rows().size() + " intervals");
        assertEquals(List.of("1000.0", "100000", "100"), chart.rows().get(chart.rows().size() - 1));
        assertEquals("100", chart.yMax(), "the same rate whatever the thinning");
    }

    @Test
    void aJobThatNeverRanOrHasNoCheckpointHasNoChart() {
        assertNull(AdminCharts.rowsPerSecond(job(null), List.of()));
        assertNull(AdminCharts.rowsPerSecond(job(START), List.of()));
    }

    @Test
    void contactsOverTimeAddUpTheDaysOfEveryDatabase() {
        LocalDate day = LocalDate.of(2026, 12, 1);
        AdminCharts.LineChart chart = AdminCharts.contactsOverTime(List.of(new DayCount(day, 10, 0),
                new DayCount(day.plusDays(1), 5, 2), new DayCount(day, 4, 1)));

        assertEquals(List.of(List.of("2026-12-01", "14", "1"), List.of("2026-12-02", "19", "3")), chart.rows());
        assertEquals(2, chart.series().size());
        assertEquals("2026-11-30", chart.xStart(), "a zero the day before, so one day draws a line too");
        assertNull(AdminCharts.contactsOverTime(List.of()));
    }

    private static ImportJob job(LocalDateTime started) {
        return new ImportJob(1, 1, 1, 1, "db", "ADD_ONLY", started == null ? JobStatus.WAITING : JobStatus.RUNNING, "",
                "m.xml", "s.csv", null, null, "UTF-8", null, "<x/>", 1000, 0, 0, new Counters(), null, null, 1, START, started,
                null, null);
    }
}
