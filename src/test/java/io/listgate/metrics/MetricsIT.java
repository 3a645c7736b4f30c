package io.listgate.metrics;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.Server;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} scraped by a plain HTTP client while and after an import runs: the figures move
 * the way the job, the uploads and the API calls say; a token keeps the listener of its own private.
 */
class MetricsIT {

    private static final int ROWS = 120_000;
    private static final String TOKEN = "scrape-token-0123456789abcdef";

    @Test
    void figuresMoveWhileAndAfterAnImportRuns() {
        Server server = TestServer.shared();
        ImportSteps acme = ImportSteps.acme();
        Scrape before = scrapeOk(server);
        assertTrue(before.has("jvm_memory_used_bytes"), "JVM basics");
        assertTrue(before.has("jetty_threads_busy"), "Jetty's thread pool");
        assertTrue(before.has("hikaricp_connections_active"), "Hikari's pool");
        assertTrue(before.has("quartz_started"), "Quartz");

        // given a source big enough to be caught running, uploaded by FTP
        StringBuilder csv = new StringBuilder("Email,Name\n");
        for (int i = 0; i < ROWS; i++) {
            csv.append("m").append(i).append(i % 1000 == 7 ? "-not-an-address" : "@metrics.example.com").append(",N").append(i)
                    .append('\n');
        }
        byte[] source = csv.toString().getBytes(StandardCharsets.UTF_8);
        String map = acme.upload(unique("map") + ".xml", MappingXml.create(unique("Metrics")).key("EMAIL", 9)
                .column("Name", 0).map("EMAIL", "Name").xml());
        String data = acme.upload(unique("data") + ".csv", source);

        // when it is imported, and /metrics scraped until the job ends
        long job = acme.importList(map, data);
        double runningRowsSeen = 0;
        boolean runningSeen = false;
        while (!Set.of("COMPLETE", "ERROR", "CANCELED").contains(acme.status(job).status())) {
            Scrape during = scrapeOk(server);
            if (during.sum("listgate_import_jobs", "state=\"running\"") >= 1) {
                runningSeen = true;
                runningRowsSeen = Math.max(runningRowsSeen, during.sum("listgate_import_running_rows"));
                assertTrue(during.sum("listgate_import_queue") >= 1, "a running job is in its database's queue");
            }
        }
        assertEquals("COMPLETE", acme.status(job).status());
        assertTrue(runningSeen, "the job was seen RUNNING in /metrics");
        assertTrue(runningRowsSeen > 0, "the running job's rows moved while it ran");

        // then the ended job, its rows, the uploads and the API calls are counted
        Scrape after = scrapeOk(server);
        assertEquals(1, delta(before, after, "listgate_import_jobs_ended_total", "outcome=\"complete\""));
        assertEquals(ROWS - ROWS / 1000, delta(before, after, "listgate_import_rows_total", "outcome=\"sql_added\""));
        assertEquals(ROWS / 1000, delta(before, after, "listgate_import_rows_total", "outcome=\"bad_addresses\""));
        assertEquals(1, delta(before, after, "listgate_import_job_duration_seconds_count", "outcome=\"complete\""));
        assertTrue(after.has("listgate_import_job_duration_seconds_bucket"), "a job duration histogram");
        assertTrue(delta(before, after, "listgate_transfer_received_bytes_total", "protocol=\"ftp\"") >= source.length,
                "the FTP upload's bytes");
        assertTrue(delta(before, after, "listgate_api_requests_seconds_count", "operation=\"ImportList\"", "fault=\"0\"") >= 1);
        assertTrue(delta(before, after, "listgate_api_requests_seconds_count", "operation=\"GetJobStatus\"") >= 2);
        assertTrue(after.has("listgate_api_requests_seconds_bucket"), "an API latency histogram");
        assertTrue(after.sum("listgate_api_sessions") >= 1, "the test's API session is open");
        assertTrue(after.sum("listgate_import_jobs", "state=\"complete\"") >= 1);
    }

    @Test
    void aWrongPasswordAndAnUnknownOperationAreCountedWithoutTheClientsNames() {
        Server server = TestServer.shared();
        XmlApiClient api = new XmlApiClient(server.httpPort());
        Scrape before = scrapeOk(server);

        api.form("<Envelope><Body><Login><USERNAME>" + TestUsers.GLOBEX_USER + "</USERNAME><PASSWORD>wrong</PASSWORD>"
                + "</Login></Body></Envelope>", null);
        api.form("<Envelope><Body><NoSuchOperation-" + unique("x") + "/></Body></Envelope>", null);

        Scrape after = scrapeOk(server);
        assertEquals(1, delta(before, after, "listgate_login_failures_total", "reason=\"rejected\""));
        assertTrue(delta(before, after, "listgate_api_requests_seconds_count", "operation=\"Login\"", "fault=\"") >= 1);
        assertTrue(delta(before, after, "listgate_api_requests_seconds_count", "operation=\"unknown\"") >= 1);
        assertTrue(after.body().lines().noneMatch(line -> line.contains("NoSuchOperation")),
                "a client's operation name never becomes a label");
    }

    @Test
    void onAPortOfItsOwnWithATokenMetricsAnswerOnlyTheBearerOfTheToken() throws Exception {
        // the listener Server starts for LISTGATE_METRICS_PORT, with the servlet LISTGATE_METRICS_TOKEN guards
        try (ServerMetrics metrics = new ServerMetrics();
             MetricsListener listener = new MetricsListener("127.0.0.1", 0, new MetricsServlet(metrics, Optional.of(TOKEN)))
                     .start()) {
            assertEquals(401, Scrape.get(listener.port(), null).status(), "no token");
            assertEquals(401, Scrape.get(listener.port(), TOKEN + "x").status(), "a wrong token");
            Scrape scrape = Scrape.get(listener.port(), TOKEN);
            assertEquals(200, scrape.status());
            assertTrue(scrape.has("jvm_memory_used_bytes"), scrape.body());
        }
    }

    private static Scrape scrapeOk(Server server) {
        Scrape scrape = Scrape.get(server.httpPort(), null);
        assertEquals(200, scrape.status(), scrape.body());
        return scrape;
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
