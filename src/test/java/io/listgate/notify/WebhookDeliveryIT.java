package io.listgate.notify;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.ftp.Eventually;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks from a server of this class's own to a real HTTP receiver on 127.0.0.1: acme has a
 * steady and a flaky webhook, globex one of its own.
 */
class WebhookDeliveryIT {

    private static final String ACME_SECRET = "acme-webhook-secret-0123456789";
    private static final String GLOBEX_SECRET = "globex-webhook-secret-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One POST as the receiver saw it, with the status it answered. */
    record Received(String path, Map<String, List<String>> headers, byte[] body, int answered) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        long jobId() {
            return json().get("job_id").asLong();
        }
    }

    private static final List<Received> received = new CopyOnWriteArrayList<>();
    /** The flaky receiver fails the first two POSTs of each job. */
    private static final Map<Long, AtomicInteger> flakyTries = new ConcurrentHashMap<>();
    private static HttpServer receiver;
    private static Server server;
    private static ImportSteps acme;
    private static ImportSteps globex;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status = 204;
            if (path.equals("/acme-flaky") && "POST".equals(exchange.getRequestMethod())) {
                long job = JSON.readTree(body).get("job_id").asLong();
                status = flakyTries.computeIfAbsent(job, j -> new AtomicInteger()).incrementAndGet() <= 2 ? 503 : 200;
            }
            received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();

        Path home = TestServer.newHome("webhooks");
        Path users = Files.writeString(home.resolve("webhook-users.yaml"), """
                organizations:
                  - name: acme
                    users:
                      - username: %s
                        password: "%s"
                    webhooks:
                      - url: "%s/acme"
                        secret: "%s"
                      - url: "%s/acme-flaky"
                        secret: "%s"
                  - name: globex
                    users:
                      - username: %s
                        password: "%s"
                    webhooks:
                      - url: "%s/globex"
                        secret: "%s"
                """.formatted(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD, base, ACME_SECRET, base, ACME_SECRET,
                TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD, base, GLOBEX_SECRET));
        ListGateConfig config = TestServer.config(home).withUsersFile(users)
                .withWebhookDelivery(new ListGateConfig.WebhookDelivery(5, Duration.ofMillis(50), Duration.ofSeconds(5)));
        server = Server.create(config).start();
        acme = ImportSteps.on(server, TestUsers.ACME_USER, TestUsers.ACME_PASSWORD, TestUsers.ACME);
        globex = ImportSteps.on(server, TestUsers.GLOBEX_USER, TestUsers.GLOBEX_PASSWORD, TestUsers.GLOBEX);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    private static List<Received> at(String path, long jobId) {
        return received.stream().filter(r -> r.path().equals(path) && r.jobId() == jobId).toList();
    }

    private static Received awaitDelivered(String path, long jobId) {
        Eventually.await("job " + jobId + " delivered to " + path, Duration.ofSeconds(30),
                () -> at(path, jobId).stream().anyMatch(r -> r.answered() / 100 == 2));
        return at(path, jobId).stream().filter(r -> r.answered() / 100 == 2).findFirst().orElseThrow();
    }

    private static ImportSteps.Job runSmallImport(ImportSteps client) {
        MappingXml mapping = MappingXml.create(unique("Hooked")).key("EMAIL", 9).column("Name", 0).map("EMAIL", "Name");
        return client.run(mapping, "Email,Name\nann@example.org,Ann\nnot-an-email,Bad\n");
    }

    @Test
    void aJobEndIsPostedAsJsonSignedWithTheOrganizationsSecret() {
        // when
        ImportSteps.Job job = runSmallImport(acme);

        // then
        Received post = awaitDelivered("/acme", job.id());
        assertTrue(WebhookSignature.verify(ACME_SECRET, post.body(), post.header("X-ListGate-Signature")),
                "signature " + post.header("X-ListGate-Signature"));
        assertFalse(WebhookSignature.verify(GLOBEX_SECRET, post.body(), post.header("X-ListGate-Signature")));
        assertTrue(post.header("Content-Type").startsWith("application/json"));
        JsonNode json = post.json();
        assertEquals("import_job.ended", json.get("event").asText());
        assertEquals("acme", json.get("organization").asText());
        assertEquals("COMPLETE", json.get("status").asText());
        assertEquals(job.listId(), json.get("list_id").asLong());
        assertEquals(2, json.get("counts").get("total_rows").asLong());
        assertEquals(1, json.get("counts").get("sql_added").asLong());
        assertEquals(1, json.get("counts").get("bad_addresses").asLong());
        assertEquals(job.id() + ".err", json.get("files").get("error_file").asText());
        assertTrue(json.get("ended_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*"), json.toString());
        assertTrue(json.get("job_page").asText().endsWith("/admin/jobs/" + job.id()), json.toString());
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheSamePostOnTheThirdTry() {
        // when
        ImportSteps.Job job = runSmallImport(acme);

        // then
        Received success = awaitDelivered("/acme-flaky", job.id());
        List<Received> tries = at("/acme-flaky", job.id());
        assertEquals(List.of(503, 503, 200), tries.stream().map(Received::answered).toList());
        assertEquals(1, tries.stream().map(r -> r.header("X-ListGate-Delivery")).distinct().count(),
                "one delivery id over the retries");
        assertTrue(tries.stream().allMatch(r -> java.util.Arrays.equals(r.body(), success.body())));
    }

    @Test
    void anOrganizationsWebhookNeverHearsOfAnotherOrganizationsJobs() {
        // given
        ImportSteps.Job acmeJob = runSmallImport(acme);
        ImportSteps.Job globexJob = runSmallImport(globex);

        // when both have been delivered
        Received globexPost = awaitDelivered("/globex", globexJob.id());
        awaitDelivered("/acme", acmeJob.id());
        awaitDelivered("/acme-flaky", acmeJob.id());

        // then
        assertEquals("globex", globexPost.json().get("organization").asText());
        assertTrue(WebhookSignature.verify(GLOBEX_SECRET, globexPost.body(), globexPost.header("X-ListGate-Signature")));
        assertTrue(at("/acme", globexJob.id()).isEmpty() && at("/acme-flaky", globexJob.id()).isEmpty(),
                "acme's webhooks got globex's job");
        assertTrue(at("/globex", acmeJob.id()).isEmpty(), "globex's webhook got acme's job");
        assertTrue(received.stream().filter(r -> r.path().equals("/globex"))
                .allMatch(r -> r.json().get("organization").asText().equals("globex")));
    }
}
