package io.listgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.listgate.Server;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The import benchmark (not part of the test suite): {@code mvn -B verify -Pbenchmark} (rows with
 * {@code -Dbench.rows=N}, default 1,000,000). Times ImportList → COMPLETE for CREATE and for
 * ADD_AND_UPDATE on EMAIL with half the rows overlapping, LOAD DATA LOCAL INFILE of the same file
 * into an equally indexed table on the same MariaDB, the peak heap, and a 10-row import as a client
 * sees it. Runs with -Xmx256m, so an import whose memory grew with the file would fail here.
 */
class ImportBenchmark {

    private static final int COLUMNS = 10;
    /** Big imports are polled like a patient client would, so polling does not load the database. */
    private static final int BIG_POLL = 200;

    @Test
    void importBenchmark() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        Server server = TestServer.shared();
        XmlApiClient api = new XmlApiClient(server.httpPort());
        String session = api.loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        Path upload = server.folders().upload(TestUsers.ACME);
        String name = "bench-" + System.currentTimeMillis();

        Path first = generate(upload.resolve(name + "-a.csv"), 0, rows, "a");
        Path second = generate(upload.resolve(name + "-b.csv"), rows / 2, rows, "b");
        Files.writeString(upload.resolve(name + "-create.xml"), createMapping(name));

        resetPeakHeap();
        long t0 = System.nanoTime();
        String created = awaitComplete(api, session, importList(api, session, name + "-create.xml", first.getFileName().toString()), BIG_POLL);
        double createSeconds = (System.nanoTime() - t0) / 1e9;
        long createHeap = peakHeap();

        Files.writeString(upload.resolve(name + "-update.xml"), updateMapping(created));
        resetPeakHeap();
        t0 = System.nanoTime();
        awaitComplete(api, session, importList(api, session, name + "-update.xml", second.getFileName().toString()), BIG_POLL);
        double updateSeconds = (System.nanoTime() - t0) / 1e9;
        long updateHeap = peakHeap();

        double loadSeconds = loadData(server, created, second);

        List<Double> small = new ArrayList<>();
        Path tiny = generate(upload.resolve(name + "-tiny.csv"), 0, 10, "t");
        for (int i = 0; i < 5; i++) {
            Files.writeString(upload.resolve(name + "-tiny" + i + ".xml"), createMapping(name + "-tiny" + i));
            long s = System.nanoTime();
            // an eager client polling every 5 ms
            awaitComplete(api, session, importList(api, session, name + "-tiny" + i + ".xml", tiny.getFileName().toString()), 5);
            small.add((System.nanoTime() - s) / 1e6);
        }
        small.sort(Double::compare);

        System.out.printf(Locale.ROOT, "%n=== ListGate import benchmark: %,d rows x %d columns (%,d bytes) ===%n",
                rows, COLUMNS, Files.size(first));
        System.out.printf(Locale.ROOT, "CREATE          %8.1f s  %,10.0f rows/s  peak heap %,d MB%n",
                createSeconds, rows / createSeconds, createHeap >> 20);
        System.out.printf(Locale.ROOT, "ADD_AND_UPDATE  %8.1f s  %,10.0f rows/s  peak heap %,d MB  (half of the rows update)%n",
                updateSeconds, rows / updateSeconds, updateHeap >> 20);
        System.out.printf(Locale.ROOT, "LOAD DATA       %8.1f s  %,10.0f rows/s  (same file, equally indexed table)%n",
                loadSeconds, rows / loadSeconds);
        System.out.printf(Locale.ROOT, "ratio ADD_AND_UPDATE / LOAD DATA = %.2f (goal <= 2.0); CREATE / LOAD DATA = %.2f%n",
                updateSeconds / loadSeconds, createSeconds / loadSeconds);
        System.out.printf(Locale.ROOT, "10-row import, ImportList to COMPLETE as a client sees it: median %.0f ms, max %.0f ms (goal < 300 ms)%n%n",
                small.get(small.size() / 2), small.get(small.size() - 1));
    }

    /** Deterministic rows: email user{n}@example.com and nine text columns derived from n and a tag. */
    static Path generate(Path file, int firstNumber, int rows, String tag) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("EMAIL");
            for (int c = 2; c <= COLUMNS; c++) {
                out.write(",Field " + c);
            }
            out.write('\n');
            StringBuilder line = new StringBuilder(160);
            for (int i = 0; i < rows; i++) {
                int n = firstNumber + i;
                line.setLength(0);
                line.append("user").append(n).append("@example.com");
                for (int c = 2; c <= COLUMNS; c++) {
                    line.append(',').append(tag).append(c).append('-').append(Integer.toHexString(n * 31 + c));
                }
                out.write(line.append('\n').toString());
            }
        }
        return file;
    }

    private static String columns() {
        StringBuilder columns = new StringBuilder("<COLUMN><NAME>EMAIL</NAME><TYPE>9</TYPE><IS_REQUIRED>true</IS_REQUIRED><KEY_COLUMN>true</KEY_COLUMN></COLUMN>");
        for (int c = 2; c <= COLUMNS; c++) {
            columns.append("<COLUMN><NAME>Field ").append(c).append("</NAME><TYPE>0</TYPE></COLUMN>");
        }
        return columns.toString();
    }

    private static String mapping() {
        StringBuilder mapping = new StringBuilder("<COLUMN><INDEX>1</INDEX><NAME>EMAIL</NAME><INCLUDE>true</INCLUDE></COLUMN>");
        for (int c = 2; c <= COLUMNS; c++) {
            mapping.append("<COLUMN><INDEX>").append(c).append("</INDEX><NAME>Field ").append(c).append("</NAME><INCLUDE>true</INCLUDE></COLUMN>");
        }
        return mapping.toString();
    }

    static String createMapping(String name) {
        return "<LIST_IMPORT><LIST_INFO><ACTION>CREATE</ACTION><LIST_NAME>" + name + "</LIST_NAME><LIST_VISIBILITY>0</LIST_VISIBILITY>"
                + "<FILE_TYPE>0</FILE_TYPE><HASHEADERS>true</HASHEADERS></LIST_INFO><COLUMNS>" + columns() + "</COLUMNS>"
                + "<MAPPING>" + mapping() + "</MAPPING></LIST_IMPORT>";
    }

    private static String updateMapping(String listId) {
        return "<LIST_IMPORT><LIST_INFO><ACTION>ADD_AND_UPDATE</ACTION><LIST_ID>" + listId + "</LIST_ID>"
                + "<FILE_TYPE>0</FILE_TYPE><HASHEADERS>true</HASHEADERS></LIST_INFO>"
                + "<SYNC_FIELDS><SYNC_FIELD><NAME>EMAIL</NAME></SYNC_FIELD></SYNC_FIELDS>"
                + "<MAPPING>" + mapping() + "</MAPPING></LIST_IMPORT>";
    }

    static String importList(XmlApiClient api, String session, String map, String source) {
        XmlApiClient.Reply reply = api.form("<Envelope><Body><ImportList><MAP_FILE>" + map + "</MAP_FILE><SOURCE_FILE>"
                + source + "</SOURCE_FILE></ImportList></Body></Envelope>", session);
        String job = reply.xpath("/Envelope/Body/RESULT/JOB_ID");
        if (job.isEmpty()) {
            throw new AssertionError("ImportList failed: " + reply.body());
        }
        return job;
    }

    /** Polls GetJobStatus every {@code pollMillis}; returns the LIST_ID. */
    static String awaitComplete(XmlApiClient api, String session, String job, int pollMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + 3_600_000_000_000L;
        while (System.nanoTime() < deadline) {
            XmlApiClient.Reply reply = api.form("<Envelope><Body><GetJobStatus><JOB_ID>" + job
                    + "</JOB_ID></GetJobStatus></Body></Envelope>", session);
            String status = reply.xpath("/Envelope/Body/RESULT/JOB_STATUS");
            if (status.equals("COMPLETE") || status.equals("ERROR")) {
                assertEquals("COMPLETE", status, reply.body());
                return reply.xpath("//PARAMETER[NAME='LIST_ID']/VALUE");
            }
            Thread.sleep(pollMillis);
        }
        throw new AssertionError("job " + job + " did not finish");
    }

    /** LOAD DATA LOCAL INFILE of the file into a table with the same columns and indexes as the contacts'. */
    private static double loadData(Server server, String listId, Path file) throws Exception {
        String url = ((HikariDataSource) server.database().dataSource()).getJdbcUrl();
        try (Connection c = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "allowLocalInfile=true",
                "root", "");
             Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_load");
            s.execute("CREATE TABLE bench_load LIKE contacts_" + Long.parseLong(listId));
            StringBuilder columns = new StringBuilder("email");
            for (int c2 = 1; c2 < COLUMNS; c2++) {
                columns.append(", c").append(c2);
            }
            long t0 = System.nanoTime();
            s.execute("LOAD DATA LOCAL INFILE '" + file.toAbsolutePath().toString().replace("'", "''")
                    + "' INTO TABLE bench_load CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n'"
                    + " IGNORE 1 LINES (" + columns + ") SET opted_in = NOW(3), last_modified = NOW(3)");
            double seconds = (System.nanoTime() - t0) / 1e9;
            s.execute("DROP TABLE bench_load");
            return seconds;
        }
    }

    private static void resetPeakHeap() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
