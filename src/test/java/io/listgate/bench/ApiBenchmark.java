package io.listgate.bench;

import static io.listgate.support.ImportSteps.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.TestServer;
import io.listgate.support.TestUsers;
import io.listgate.support.XmlApiClient;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.Test;

/**
 * The API hot path benchmark (issue 15, P2; not part of the test suite): {@code mvn -B verify
 * -Pbenchmark -Dit.test=ApiBenchmark}. GetJobStatus of a finished job as an {@code xml=} form to
 * {@code /XMLAPI;jsessionid=…} on 64 keep-alive connections, once sharing one session and once with
 * a session each, against a bare Jetty 12 handler answering the same envelope as a constant, in the
 * same JVM (same heap) with the same load generator ({@link KeepAliveLoad}). Prints req/s, p50, p99
 * and the ratios to the bare handler. Seconds per part with {@code -Dbench.api.seconds=N}.
 */
class ApiBenchmark {

    private static final String CONTENT_TYPE = "text/xml;charset=UTF-8";

    @Test
    void apiBenchmark() throws Exception {
        double seconds = Double.parseDouble(System.getProperty("bench.api.seconds", "15"));
        double warmup = Math.max(2, seconds / 3);
        int connections = Integer.getInteger("bench.api.connections", 64);
        var listGate = TestServer.shared();
        ImportSteps acme = ImportSteps.acme();
        long jobId = acme.run(MappingXml.create(unique("P2")).key("EMAIL", 9).map("EMAIL"), "Email\nann@example.org\n")
                .assertComplete("TOTAL_ROWS", 1, "TOTAL_VALID", 1, "SQL_ADDED", 1).id();
        String envelope = "<Envelope><Body><GetJobStatus><JOB_ID>" + jobId + "</JOB_ID></GetJobStatus></Body></Envelope>";
        XmlApiClient api = new XmlApiClient(listGate.httpPort());
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            sessions.add(api.loginSession(TestUsers.ACME_USER, TestUsers.ACME_PASSWORD));
        }
        XmlApiClient.Reply answer = api.form(envelope, sessions.get(0));
        assertEquals("COMPLETE", answer.xpath("/Envelope/Body/RESULT/JOB_STATUS"), answer.body());

        Server bare = bareJetty(answer.body().getBytes(StandardCharsets.UTF_8));
        try {
            int barePort = ((ServerConnector) bare.getConnectors()[0]).getLocalPort();
            String expected = "<SUCCESS>TRUE</SUCCESS>";
            KeepAliveLoad.Result limit = KeepAliveLoad.run("bare Jetty 12 handler, constant envelope", barePort,
                    connections, i -> request(envelope, sessions.get(0)), expected, warmup, seconds);
            KeepAliveLoad.Result shared = KeepAliveLoad.run("ListGate GetJobStatus, one shared session",
                    listGate.httpPort(), connections, i -> request(envelope, sessions.get(0)), expected, warmup, seconds);
            KeepAliveLoad.Result distinct = KeepAliveLoad.run("ListGate GetJobStatus, " + connections + " sessions",
                    listGate.httpPort(), connections, i -> request(envelope, sessions.get(i)), expected, warmup, seconds);

            System.out.printf(Locale.ROOT, "%n=== ListGate API benchmark (P2): %d keep-alive connections, %.0f s each after %.0f s warm-up,"
                    + " heap %d MB ===%n", connections, seconds, warmup, Runtime.getRuntime().maxMemory() >> 20);
            for (KeepAliveLoad.Result result : List.of(limit, shared, distinct)) {
                System.out.println(result.line());
            }
            for (KeepAliveLoad.Result result : List.of(shared, distinct)) {
                System.out.printf(Locale.ROOT, "ratio %-42s = %.2fx of the bare handler's req/s (goal >= 0.6x), p99 %.1f ms"
                        + " (goal <= 10 ms)%n", result.name().substring("ListGate ".length()),
                        result.perSecond() / limit.perSecond(), result.p99Nanos() / 1e6);
            }
            System.out.println();
        } finally {
            bare.stop();
        }
    }

    /** The request a client sends: a URL-encoded {@code xml=} form to the session's path, keep-alive. */
    private static byte[] request(String envelope, String session) {
        byte[] body = ("xml=" + URLEncoder.encode(envelope, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.US_ASCII);
        String head = "POST /XMLAPI;jsessionid=" + session + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] head8 = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head8.length + body.length];
        System.arraycopy(head8, 0, all, 0, head8.length);
        System.arraycopy(body, 0, all, head8.length, body.length);
        return all;
    }

    /** The limit: Jetty with ListGate's thread pool size, reading the body and answering {@code answer}. */
    private static Server bareJetty(byte[] answer) throws Exception {
        Server jetty = new Server(new QueuedThreadPool(200, 8));
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.consumeAll(request);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
                response.write(true, ByteBuffer.wrap(answer), callback);
                return true;
            }
        });
        jetty.start();
        return jetty;
    }
}
