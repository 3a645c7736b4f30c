package io.listgate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.zaxxer.hikari.HikariDataSource;
import io.listgate.Server;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The export benchmark (not part of the test suite): {@code mvn -B verify -Pbenchmark -Dit.test=ExportBenchmark}
 * (contacts with {@code -Dbench.export.contacts=N}, default 1,000,000). Fills a database of N contacts with
 * ten columns by ImportList, then times ExportList → COMPLETE of EMAIL and its nine columns against
 * MariaDB's own {@code SELECT ... INTO OUTFILE} of the same columns of the same table, and the peak heap
 * during the export. Runs with -Xmx256m, so an export that held the contacts would fail here.
 */
class ExportBenchmark {

    private static final int COLUMNS = ImportBenchmark.COLUMNS;
    private static final int POLL = 200;

    @Test
    void exportBenchmark() throws Exception {
        int contacts = Integer.getInteger("bench.export.contacts", 1_000_000);
        Server server = TestServer.shared();
        XmlApiClient api = new XmlApiClient(server.httpPort());
        String session = api.loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        Path upload = server.folders().upload(TestUsers.ACME);
        String name = "export-bench-" + System.currentTimeMillis();
        ImportBenchmark.generate(upload.resolve(name + ".csv"), 0, contacts, "x");
        Files.writeString(upload.resolve(name + ".xml"), ImportBenchmark.createMapping(name));
        String listId = ImportBenchmark.awaitComplete(api, session,
                ImportBenchmark.importList(api, session, name + ".xml", name + ".csv"), POLL);

        StringBuilder columns = new StringBuilder("<COLUMN>EMAIL</COLUMN>");
        for (int c = 2; c <= COLUMNS; c++) {
            columns.append("<COLUMN>Field ").append(c).append("</COLUMN>");
        }
        PeakHeap.reset();
        long t0 = System.nanoTime();
        XmlApiClient.Reply export = api.form("<Envelope><Body><ExportList><LIST_ID>" + listId + "</LIST_ID><EXPORT_TYPE>ALL"
                + "</EXPORT_TYPE><EXPORT_FORMAT>CSV</EXPORT_FORMAT><EXPORT_COLUMNS>" + columns + "</EXPORT_COLUMNS></ExportList>"
                + "</Body></Envelope>", session);
        await(api, session, export.xpath("/Envelope/Body/RESULT/JOB_ID"));
        double exportSeconds = (System.nanoTime() - t0) / 1e9;
        long exportHeap = PeakHeap.bytes();
        Path file = server.folders().download(TestUsers.ACME)
                .resolve(export.xpath("/Envelope/Body/RESULT/FILE_PATH").substring("/download/".length()));
        assertEquals(contacts + 1, lines(file), "a header and every contact");

        double outfileSeconds = intoOutfile(server, listId);

        System.out.printf(Locale.ROOT, "%n=== ListGate export benchmark: %,d contacts x %d columns (%,d bytes) ===%n",
                contacts, COLUMNS, Files.size(file));
        System.out.printf(Locale.ROOT, "ExportList      %8.1f s  %,10.0f rows/s  peak heap %,d MB (as a client polling every %d ms sees it)%n",
                exportSeconds, contacts / exportSeconds, exportHeap >> 20, POLL);
        System.out.printf(Locale.ROOT, "INTO OUTFILE    %8.1f s  %,10.0f rows/s  (same columns, same table)%n",
                outfileSeconds, contacts / outfileSeconds);
        System.out.printf(Locale.ROOT, "ratio ExportList / INTO OUTFILE = %.2f (goal <= 2.0)%n%n", exportSeconds / outfileSeconds);
        Files.delete(file);
    }

    /** Polls GetJobStatus until the job ends; fails unless it is COMPLETE. */
    private static void await(XmlApiClient api, String session, String job) throws InterruptedException {
        ImportBenchmark.awaitComplete(api, session, job, POLL);
    }

    /** MariaDB writes the same columns of the same table, in the same order, to a file of its own. */
    private static double intoOutfile(Server server, String listId) throws Exception {
        Path target = Files.createTempDirectory("export-bench").resolve("outfile.csv");
        String url = ((HikariDataSource) server.database().dataSource()).getJdbcUrl();
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement s = c.createStatement()) {
            StringBuilder columns = new StringBuilder("email");
            for (int c2 = 1; c2 < COLUMNS; c2++) {
                columns.append(", c").append(c2);
            }
            long t0 = System.nanoTime();
            s.execute("SELECT " + columns + " INTO OUTFILE '" + target.toAbsolutePath().toString().replace("'", "''")
                    + "' CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\r\\n'"
                    + " FROM contacts_" + Long.parseLong(listId) + " ORDER BY recipient_id");
            double seconds = (System.nanoTime() - t0) / 1e9;
            Files.delete(target);
            Files.delete(target.getParent());
            return seconds;
        }
    }

    private static long lines(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return in.lines().count();
        }
    }
}
