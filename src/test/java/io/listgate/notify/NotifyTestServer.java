package io.listgate.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server per test JVM for the notification tests, with what the shared one lacks: a real SMTP
 * server (GreenMail) and webhooks pointing at a real HTTP receiver, both on 127.0.0.1. acme has a
 * steady ({@code /acme}) and a flaky ({@code /acme-flaky}) webhook, globex one ({@code /globex}).
 */
final class NotifyTestServer {

    static final String PUBLIC_URL = "https://listgate.example.test";
    static final String MAIL_FROM = "listgate@example.test";
    static final String ACME_SECRET = "acme-webhook-secret-0123456789";
    static final String GLOBEX_SECRET = "globex-webhook-secret-0123456789";
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

    static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();
    /** The flaky receiver fails the first two POSTs of each job. */
    private static final Map<Long, AtomicInteger> FLAKY_TRIES = new ConcurrentHashMap<>();
    private static GreenMail smtp;
    private static Server server;

    private NotifyTestServer() {
    }

    static synchronized Server server() {
        if (server == null) {
            try {
                start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    static GreenMail smtp() {
        server();
        return smtp;
    }

    private static void start() throws IOException {
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status = 204;
            if (path.equals("/acme-flaky")) {
                long job = JSON.readTree(body).get("job_id").asLong();
                status = FLAKY_TRIES.computeIfAbsent(job, j -> new AtomicInteger()).incrementAndGet() <= 2 ? 503 : 200;
            }
            RECEIVED.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body, status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        String base = "http://127.0.0.1:" + receiver.getAddress().getPort();

        Path home = TestServer.newHome("notify");
        Path users = Files.writeString(home.resolve("notify-users.yaml"), """
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
                .withSmtp(new ListGateConfig.Smtp("127.0.0.1", smtp.getSmtp().getPort(), Optional.empty(), "",
                        MAIL_FROM, false))
                .withPublicUrl(PUBLIC_URL + "/")
                .withWebhookDelivery(new ListGateConfig.WebhookDelivery(5, Duration.ofMillis(50), Duration.ofSeconds(5)));
        server = Server.create(config).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            receiver.stop(0);
            smtp.stop();
        }));
    }
}
