package io.listgate.web.admin;

import io.listgate.contacts.ContactDatabaseService;
import io.listgate.importjob.ImportJob;
import io.listgate.importjob.ProgressSample;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Line charts drawn on the server as inline SVG (no script, no library): the numbers become polyline
 * points here, the template adds the title and description screen readers announce and the table
 * the chart is drawn from.
 */
public final class AdminCharts {

    /** The drawing area in SVG units; the SVG scales to its box. */
    static final int WIDTH = 600;
    static final int HEIGHT = 160;
    /** At most this many intervals in a rows-per-second chart and its table. */
    static final int MAX_INTERVALS = 200;

    private AdminCharts() {
    }

    /** One line of a chart: its name, its CSS class (its colour) and its points in drawing units. */
    public record Series(String name, String css, String points) {
    }

    /** A chart with its axes' end labels and the table it is drawn from. */
    public record LineChart(String id, String title, String description, List<Series> series, String xStart,
                            String xEnd, String yMax, List<String> columns, List<List<String>> rows) {

        public int width() {
            return WIDTH;
        }

        public int height() {
            return HEIGHT;
        }
    }

    /** A value of a series at a position of the x axis (seconds, days: any unit, the same for all points). */
    record Point(double x, double y) {
    }

    /**
     * Rows per second between consecutive checkpoints of a job, from its start, drawn as steps; null
     * when the job has no checkpoint after its start.
     */
    static LineChart rowsPerSecond(ImportJob job, List<ProgressSample> samples) {
        List<ProgressSample> points = new ArrayList<>();
        if (job.startedAt() != null) {
            points.add(new ProgressSample(job.startedAt(), 0));
        }
        List<ProgressSample> after = samples.stream()
                .filter(s -> job.startedAt() == null || !s.at().isBefore(job.startedAt())).toList();
        // a long job has a checkpoint per batch: every step-th one (and the last) keeps the page small
        int step = Math.max(1, (after.size() + MAX_INTERVALS - 1) / MAX_INTERVALS);
        for (int i = 0; i < after.size(); i++) {
            if ((i + 1) % step == 0 || i == after.size() - 1) {
                points.add(after.get(i));
            }
        }
        if (points.size() < 2) {
            return null;
        }
        LocalDateTime start = points.get(0).at();
        List<Point> rates = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        ProgressSample previous = points.get(0);
        for (ProgressSample s : points.subList(1, points.size())) {
            long millis = Duration.between(previous.at(), s.at()).toMillis();
            if (millis <= 0) {
                continue;
            }
            double rate = (s.rowsDone() - previous.rowsDone()) * 1000.0 / millis;
            double second = Duration.between(start, s.at()).toMillis() / 1000.0;
            // a step: the rate held over the whole interval, so even one interval draws a line
            rates.add(new Point(Duration.between(start, previous.at()).toMillis() / 1000.0, rate));
            rates.add(new Point(second, rate));
            rows.add(List.of(String.format(Locale.ROOT, "%.1f", second), String.valueOf(s.rowsDone()),
                    String.valueOf(Math.round(rate))));
            previous = s;
        }
        if (rates.isEmpty()) {
            return null;
        }
        double maxRate = rates.stream().mapToDouble(Point::y).max().orElse(0);
        double lastSecond = rates.get(rates.size() - 1).x();
        long average = Math.round(points.get(points.size() - 1).rowsDone() / Math.max(lastSecond, 0.001));
        return new LineChart("rate-chart", "Rows per second",
                String.format(Locale.ROOT, "Rows per second over the job's %.1f seconds, from %d checkpoints: at most"
                        + " %d, %d on average.", lastSecond, rows.size(), Math.round(maxRate), average),
                List.of(new Series("Rows per second", "series-1", polyline(rates, lastSecond, maxRate))),
                "0 s", String.format(Locale.ROOT, "%.1f s", lastSecond), String.valueOf(Math.round(maxRate)),
                List.of("Second", "Rows done", "Rows per second"), rows);
    }

    /** Points scaled into the drawing area: x from 0 to {@code maxX}, y from 0 (bottom) to {@code maxY}. */
    static String polyline(List<Point> points, double maxX, double maxY) {
        StringBuilder out = new StringBuilder();
        for (Point p : points) {
            double x = maxX <= 0 ? 0 : p.x() / maxX * WIDTH;
            double y = maxY <= 0 ? HEIGHT : HEIGHT - p.y() / maxY * HEIGHT;
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return out.toString();
    }

    /**
     * Contacts and opted-out contacts over time, day by day, from the days' counts of every database
     * shown (summed by day); null when there is no contact. A first day gets the day before it as a zero
     * so even one day draws a line.
     */
    static LineChart contactsOverTime(List<ContactDatabaseService.DayCount> counts) {
        TreeMap<LocalDate, long[]> byDay = new TreeMap<>();
        for (ContactDatabaseService.DayCount c : counts) {
            long[] day = byDay.computeIfAbsent(c.day(), d -> new long[2]);
            day[0] += c.added();
            day[1] += c.optedOut();
        }
        if (byDay.isEmpty()) {
            return null;
        }
        LocalDate first = byDay.firstKey().minusDays(1);
        List<Point> contacts = new ArrayList<>(List.of(new Point(0, 0)));
        List<Point> optedOut = new ArrayList<>(List.of(new Point(0, 0)));
        List<List<String>> rows = new ArrayList<>();
        long total = 0;
        long out = 0;
        for (Map.Entry<LocalDate, long[]> day : byDay.entrySet()) {
            total += day.getValue()[0];
            out += day.getValue()[1];
            double x = ChronoUnit.DAYS.between(first, day.getKey());
            contacts.add(new Point(x, total));
            optedOut.add(new Point(x, out));
            rows.add(List.of(day.getKey().toString(), String.valueOf(total), String.valueOf(out)));
        }
        double days = ChronoUnit.DAYS.between(first, byDay.lastKey());
        return new LineChart("contacts-chart", "Contacts and opt-outs over time",
                String.format(Locale.ROOT, "From %s to %s the databases grew to %d contacts, of which %d opted out.",
                        byDay.firstKey(), byDay.lastKey(), total, out),
                List.of(new Series("Contacts", "series-1", polyline(contacts, days, total)),
                        new Series("Opted out", "series-2", polyline(optedOut, days, total))),
                first.toString(), byDay.lastKey().toString(), String.valueOf(total),
                List.of("Day", "Contacts", "Opted out"), rows);
    }
}
