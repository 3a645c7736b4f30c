package io.listgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.listgate.Server;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.io.BufferedWriter;
import java.io.IOException;
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
 * ADD_AND_UPDATE on EMAIL with half the rows overlapping, their limits on the same MariaDB (LOAD DATA
 * LOCAL INFILE of the CREATE's file into an equally indexed table; a staged LOAD DATA and INSERT ...
 * SELECT ... ON DUPLICATE KEY UPDATE of the ADD_AND_UPDATE's file), the peak heap, and a 10-row import
 * as a client sees it; prints each as a ratio with issue 15's goal (ApiBenchmark prints the API's).
 * Runs with -Xmx256m, so an import whose memory grew with the file would fail here.
 */
class ImportBenchmark {

    static final int COLUMNS = 10;
    /** Big imports are polled like a patient client would, so polling does not load the database. */
    static final int BIG_POLL = 200;

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

        PeakHeap.reset();
        long t0 = System.nanoTime();
        String created = awaitComplete(api, session, importList(api, session, name + "-create.xml", first.getFileName().toString()), BIG_POLL);
        double createSeconds = (System.nanoTime() - t0) / 1e9;
        long createHeap = PeakHeap.bytes();

        Files.writeString(upload.resolve(name + "-update.xml"), updateMapping(created));
        PeakHeap.reset();
        t0 = System.nanoTime();
        awaitComplete(api, session, importList(api, session, name + "-update.xml", second.getFileName().toString()), BIG_POLL);
        double updateSeconds = (System.nanoTime() - t0) / 1e9;
        long updateHeap = PeakHeap.bytes();

        double loadSeconds = loadData(server, created, first);
        double upsertSeconds = stagedUpsert(server, created, second);

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

        double smallMedian = small.get(small.size() / 2);
        System.out.printf(Locale.ROOT, "%n=== ListGate import benchmark: %,d rows x %d columns (%,d bytes) ===%n",
                rows, COLUMNS, Files.size(first));
        System.out.printf(Locale.ROOT, "CREATE          %8.1f s  %,10.0f rows/s  peak heap %,d MB%n",
                createSeconds, rows / createSeconds, createHeap >> 20);
        System.out.printf(Locale.ROOT, "ADD_AND_UPDATE  %8.1f s  %,10.0f rows/s  peak heap %,d MB  (half of the rows update)%n",
                updateSeconds, rows / updateSeconds, updateHeap >> 20);
        System.out.printf(Locale.ROOT, "LOAD DATA       %8.1f s  %,10.0f rows/s  (the CREATE's file into an equally indexed table)%n",
                loadSeconds, rows / loadSeconds);
        System.out.printf(Locale.ROOT, "staged upsert   %8.1f s  %,10.0f rows/s  (LOAD DATA of the ADD_AND_UPDATE's file into a staging table,"
                + " INSERT ... SELECT ... ON DUPLICATE KEY UPDATE into a copy of the CREATE's table)%n", upsertSeconds, rows / upsertSeconds);
        System.out.printf(Locale.ROOT, "10-row import, ImportList to COMPLETE as a client sees it: median %.0f ms, max %.0f ms%n",
                smallMedian, small.get(small.size() - 1));
        System.out.printf(Locale.ROOT, "ratio CREATE / LOAD DATA                 = %.2fx (goal <= 1.5x)%n", createSeconds / loadSeconds);
        System.out.printf(Locale.ROOT, "ratio ADD_AND_UPDATE / staged upsert     = %.2fx (goal <= 1.2x)%n", updateSeconds / upsertSeconds);
        System.out.printf(Locale.ROOT, "ratio ADD_AND_UPDATE / LOAD DATA         = %.2fx%n", updateSeconds / loadSeconds);
        System.out.printf(Locale.ROOT, "10-row import median                     = %.0f ms (goal <= 100 ms)%n%n", smallMedian);
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
        try (Connection c = localInfileConnection(server); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_load");
            s.execute("CREATE TABLE bench_load LIKE contacts_" + Long.parseLong(listId));
            long t0 = System.nanoTime();
            s.execute(loadInto("bench_load", file) + " SET opted_in = NOW(3), last_modified = NOW(3)");
            double seconds = (System.nanoTime() - t0) / 1e9;
            s.execute("DROP TABLE bench_load");
            return seconds;
        }
    }

    /**
     * What ADD_AND_UPDATE does, as plain SQL would: LOAD DATA of the file into an unindexed staging
     * table, then one INSERT ... SELECT ... ON DUPLICATE KEY UPDATE into a copy (made untimed) of the
     * database the CREATE filled.
     */
    private static double stagedUpsert(Server server, String listId, Path file) throws Exception {
        String table = "contacts_" + Long.parseLong(listId);
        StringBuilder updates = new StringBuilder();
        for (int c = 1; c < COLUMNS; c++) {
            updates.append("c").append(c).append(" = VALUES(c").append(c).append("), ");
        }
        try (Connection c = localInfileConnection(server); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS bench_upsert");
            s.execute("DROP TABLE IF EXISTS bench_stage");
            s.execute("CREATE TABLE bench_upsert LIKE " + table);
            String stored = storedColumns(s, table);
            s.execute("INSERT INTO bench_upsert (" + stored + ") SELECT " + stored + " FROM " + table);
            s.execute("CREATE TABLE bench_stage AS SELECT " + sqlColumns() + " FROM " + table + " WHERE 1 = 0");
            long t0 = System.nanoTime();
            s.execute(loadInto("bench_stage", file));
            s.execute("INSERT INTO bench_upsert (" + sqlColumns() + ", opted_in, last_modified) SELECT " + sqlColumns()
                    + ", NOW(3), NOW(3) FROM bench_stage ON DUPLICATE KEY UPDATE " + updates + "last_modified = NOW(3)");
            double seconds = (System.nanoTime() - t0) / 1e9;
            s.execute("DROP TABLE bench_stage");
            s.execute("DROP TABLE bench_upsert");
            return seconds;
        }
    }

    /** The table's columns but its generated ones (email_md5), which an INSERT may not name. */
    private static String storedColumns(Statement s, String table) throws Exception {
        List<String> columns = new ArrayList<>();
        try (var rs = s.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE()"
                + " AND table_name = '" + table + "' AND extra NOT LIKE '%GENERATED%' ORDER BY ordinal_position")) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        return String.join(", ", columns);
    }

    private static Connection localInfileConnection(Server server) throws Exception {
        String url = ((HikariDataSource) server.database().dataSource()).getJdbcUrl();
        return DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "allowLocalInfile=true", "root", "");
    }

    /** The benchmark CSV's columns in a contacts table: email, c1 … c9. */
    private static String sqlColumns() {
        StringBuilder columns = new StringBuilder("email");
        for (int c = 1; c < COLUMNS; c++) {
            columns.append(", c").append(c);
        }
        return columns.toString();
    }

    private static String loadInto(String table, Path file) {
        return "LOAD DATA LOCAL INFILE '" + file.toAbsolutePath().toString().replace("'", "''") + "' INTO TABLE " + table
                + " CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n' IGNORE 1 LINES (" + sqlColumns() + ")";
    }
}
