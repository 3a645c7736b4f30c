package io.listgate.bench;

import io.listgate.Server;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The AddRecipient benchmark (not part of the test suite): {@code mvn -B verify -Pbenchmark
 * -Dit.test=AddRecipientBenchmark} with {@code -Dbench.recipients.contacts=N} (default 1,000,000,
 * filled by one ImportList) and {@code -Dbench.recipients.calls=N} (default 50,000). 64 clients,
 * each on its own keep-alive HTTP/1.1 connection, call AddRecipient with UPDATE_IF_FOUND on
 * addresses drawn from twice the database's size, so about half the calls update a contact and half
 * add one; prints calls per second and the latency percentiles.
 */
class AddRecipientBenchmark {

    private static final int CONNECTIONS = 64;
    /** Calls per connection before measuring: connections open, JIT and pools warm. */
    private static final int WARM_UP = 20;

    @Test
    void addRecipientBenchmark() throws Exception {
        int contacts = Integer.getInteger("bench.recipients.contacts", 1_000_000);
        int calls = Integer.getInteger("bench.recipients.calls", 50_000);
        Server server = TestServer.shared();
        XmlApiClient api = new XmlApiClient(server.httpPort());
        String session = api.loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD);
        Path upload = server.folders().upload(TestUsers.ACME);
        String name = "bench-recipients-" + System.currentTimeMillis();
        Path file = ImportBenchmark.generate(upload.resolve(name + ".csv"), 0, contacts, "a");
        Files.writeString(upload.resolve(name + ".xml"), ImportBenchmark.createMapping(name));
        long t0 = System.nanoTime();
        String listId = ImportBenchmark.awaitComplete(api, session,
                ImportBenchmark.importList(api, session, name + ".xml", file.getFileName().toString()), ImportBenchmark.BIG_POLL);
        double fillSeconds = (System.nanoTime() - t0) / 1e9;

        URI uri = URI.create("http://127.0.0.1:" + server.httpPort() + "/XMLAPI;jsessionid=" + session);
        ExecutorService clients = Executors.newFixedThreadPool(CONNECTIONS);
        long[][] latencies = new long[CONNECTIONS][];
        long start;
        long end;
        try {
            List<Future<long[]>> runs = new ArrayList<>();
            int perClient = Math.max(1, calls / CONNECTIONS);
            CyclicBarrier ready = new CyclicBarrier(CONNECTIONS + 1);
            for (int i = 0; i < CONNECTIONS; i++) {
                int client = i;
                runs.add(clients.submit(() -> run(uri, listId, contacts, client, perClient, ready)));
            }
            ready.await();
            start = System.nanoTime();
            for (int i = 0; i < CONNECTIONS; i++) {
                latencies[i] = runs.get(i).get();
            }
            end = System.nanoTime();
        } finally {
            clients.shutdownNow();
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        double seconds = (end - start) / 1e9;
        System.out.printf(Locale.ROOT, "%n=== ListGate AddRecipient benchmark: %,d contacts (filled in %.1f s), %,d calls"
                + " with UPDATE_IF_FOUND over %d keep-alive connections ===%n", contacts, fillSeconds, all.length, CONNECTIONS);
        System.out.printf(Locale.ROOT, "throughput %,.0f calls/s; latency p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n%n",
                all.length / seconds, percentile(all, 50), percentile(all, 90), percentile(all, 99), all[all.length - 1] / 1e6);
    }

    /** One client on its own connection: warms up, waits for the others, then times each call. */
    private static long[] run(URI uri, String listId, int contacts, int client, int calls,
                              CyclicBarrier ready) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        SplittableRandom random = new SplittableRandom(client);
        for (int i = 0; i < WARM_UP; i++) {
            call(http, uri, listId, random.nextInt(2 * contacts));
        }
        ready.await();
        long[] latencies = new long[calls];
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            call(http, uri, listId, random.nextInt(2 * contacts));
            latencies[i] = System.nanoTime() - t;
        }
        return latencies;
    }

    private static void call(HttpClient http, URI uri, String listId, int n) throws Exception {
        String xml = "<Envelope><Body><AddRecipient><LIST_ID>" + listId + "</LIST_ID><UPDATE_IF_FOUND>true</UPDATE_IF_FOUND>"
                + "<COLUMN><NAME>EMAIL</NAME><VALUE>user" + n + "@example.com</VALUE></COLUMN>"
                + "<COLUMN><NAME>Field 2</NAME><VALUE>r" + Integer.toHexString(n) + "</VALUE></COLUMN>"
                + "</AddRecipient></Body></Envelope>";
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("xml=" + URLEncoder.encode(xml, StandardCharsets.ISO_8859_1)))
                .build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        if (!body.contains("<RecipientId>")) {
            throw new AssertionError("AddRecipient failed: " + body);
        }
    }

    private static double percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
