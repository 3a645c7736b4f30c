package io.listgate.notify;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.ftp.Eventually;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A webhook delivery still pending when its server stops is made after the restart, under the same delivery id. */
class WebhookRestartIT {

    /** One POST: its delivery id and the status answered. */
    private record Post(String delivery, int answered) {
    }

    @Test
    void aDeliveryPendingAtShutdownIsDeliveredAfterTheRestart() throws Exception {
        List<Post> posts = new CopyOnWriteArrayList<>();
        AtomicBoolean up = new AtomicBoolean(false);
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int status = up.get() ? 204 : 503;
            posts.add(new Post(exchange.getRequestHeaders().getFirst(WebhookNotifier.DELIVERY_HEADER), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Path home = TestServer.newHome("webhook-restart");
            Path users = Files.writeString(home.resolve("hook-users.yaml"), """
                    organizations:
                      - name: acme
                        users:
                          - username: %s
                            password: "%s"
                        webhooks:
                          - url: "http://127.0.0.1:%d/hook"
                            secret: "%s"
                    """.formatted(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD, receiver.getAddress().getPort(),
                    NotifyTestServer.ACME_SECRET));
            // retries far apart: the server stops while the second try waits
            ListGateConfig config = TestServer.config(home).withUsersFile(users)
                    .withWebhookDelivery(new ListGateConfig.WebhookDelivery(5, Duration.ofSeconds(4), Duration.ofSeconds(5)));

            // given a job that ended while its webhook receiver was down, and the server stopped before the retry
            try (Server server = Server.create(config).start()) {
                ImportSteps acme = ImportSteps.on(server, TestUsers.ACME_USER, TestUsers.ACME_PASSWORD, TestUsers.ACME);
                acme.run(MappingXml.create(unique("Restart")).key("EMAIL", 9).map("EMAIL"), "Email\nann@example.org\n");
                Eventually.await("the first try", Duration.ofSeconds(30), () -> !posts.isEmpty());
            }
            assertEquals(1, posts.size(), "one failed try before the stop");

            // when the receiver is back and the server starts again
            up.set(true);
            try (Server restarted = Server.create(config).start()) {
                // then the delivery is made, under the same delivery id
                Eventually.await("the delivery after the restart", Duration.ofSeconds(30),
                        () -> posts.stream().anyMatch(p -> p.answered() == 204));
            }
            assertEquals(posts.get(0).delivery(), posts.get(posts.size() - 1).delivery());
            assertEquals(2, posts.size(), "delivered once after the restart");
        } finally {
            receiver.stop(0);
        }
    }
}
