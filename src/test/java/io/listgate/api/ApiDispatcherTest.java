package io.listgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.listgate.config.ListGateConfig;
import io.listgate.user.OrgUser;
import io.listgate.web.HttpServer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher on its own, behind a minimal wire format over real HTTP: the operation element is
 * the document element, the session id the {@code X-Session} header, an answer one line of text.
 */
class ApiDispatcherTest {

    private static final int MAX_REQUEST_BYTES = 1024;
    private static final Duration STALL = Duration.ofSeconds(1);
    private static final Duration BODY_DEADLINE = Duration.ofSeconds(2);
    private static final OrgUser ALICE = new OrgUser(1, "alice@acme.test", 1, "acme");

    private record TestOperation(String name, boolean requiresSession, Function<ApiRequest, Result> handler)
            implements Operation {
        @Override
        public Result handle(ApiRequest request) {
            return handler.apply(request);
        }
    }

    /** Answers {@code ok <values>} or {@code fault <errorid> <text>}; faults with HTTP 500. */
    private static final class LineFormat extends HttpServlet implements WireFormat {
        private final ApiDispatcher dispatcher;

        LineFormat(ApiDispatcher dispatcher) {
            this.dispatcher = dispatcher;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            dispatcher.serve(request, response, this);
        }

        @Override
        public String name() {
            return "LINE";
        }

        @Override
        public Call read(RequestBody body, HttpServletRequest request) {
            return new Call(body.xml().getDocumentElement(), Optional.ofNullable(request.getHeader("X-Session")));
        }

        @Override
        public void check(Call call) {
            if (call.name().equals("Hidden")) {
                throw Fault.UNKNOWN_OPERATION.exception("Hidden is not available here");
            }
        }

        @Override
        public String success(Call call, Result result) {
            return "ok" + result.nodes().stream().map(n -> " " + n.text()).reduce("", String::concat);
        }

        @Override
        public String fault(Fault fault, String faultString) {
            return "fault " + fault.errorId() + " " + faultString;
        }

        @Override
        public int faultStatus() {
            return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        }
    }

    private static final SessionResolver CALLERS = new SessionResolver() {
        @Override
        public Optional<OrgUser> resolve(String sessionToken) {
            return sessionToken.equals("good-session") ? Optional.of(ALICE) : Optional.empty();
        }

        @Override
        public Optional<OrgUser> resolveBearer(String accessToken) {
            return accessToken.equals("good-token") ? Optional.of(ALICE) : Optional.empty();
        }
    };

    private static HttpServer http;
    private final HttpClient client = HttpClient.newHttpClient();
    private final Logger log = (Logger) LoggerFactory.getLogger(ApiDispatcher.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeAll
    static void startServer() {
        OperationRegistry operations = new OperationRegistry(List.of(
                new TestOperation("Echo", false, r -> Result.empty().add("ECHO", r.text("VALUE").orElse(""))),
                new TestOperation("WhoAmI", true, r -> Result.empty().add("USER", r.caller().username())),
                new TestOperation("Refuse", false, r -> {
                    throw Fault.NOT_FOUND.exception("No such thing as " + r.required("VALUE"));
                }),
                new TestOperation("Break", false, r -> {
                    throw new IllegalStateException("connection pool exhausted at db-7:3306");
                }),
                new TestOperation("Hidden", false, r -> Result.empty())));
        // Plain HTTP only, on a free port: this test is about the dispatcher, not the transport.
        ListGateConfig config = ListGateConfig.defaults(Path.of("target", "api-dispatcher-test")).withHttpPort(0)
                .withHttps(ListGateConfig.Https.DEFAULT.withPort(ListGateConfig.OFF));
        http = new HttpServer(config, Optional.empty()).limits(new ListGateConfig.Limits(STALL, BODY_DEADLINE, 100, 50,
                Duration.ofMinutes(5), 10, 10, 10, 10, 10));
        http.route("/api", new LineFormat(new ApiDispatcher(operations, CALLERS, MAX_REQUEST_BYTES)));
        http.start();
    }

    @AfterAll
    static void stopServer() {
        http.close();
    }

    @BeforeEach
    void captureLog() {
        logged.start();
        log.addAppender(logged);
    }

    @AfterEach
    void stopCapturing() {
        log.detachAppender(logged);
    }

    private HttpResponse<String> post(String contentType, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/api"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String xml, String... headers) throws Exception {
        return post("text/xml", xml.getBytes(StandardCharsets.UTF_8), headers);
    }

    private boolean loggedAt(Level level, String fragment) {
        return logged.list.stream().anyMatch(e -> e.getLevel() == level && e.getFormattedMessage().contains(fragment));
    }

    @Test
    void anOperationsResultIsWrittenByTheWireFormatWithStatus200() throws Exception {
        HttpResponse<String> response = post("<Echo><VALUE>hello</VALUE></Echo>");

        assertEquals(200, response.statusCode());
        assertEquals("ok hello", response.body());
        assertEquals(ApiDispatcher.RESPONSE_CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void anExpectedFailureIsAnsweredWithItsOwnTextAndLoggedAtInfo() throws Exception {
        HttpResponse<String> response = post("<Refuse><VALUE>unicorns</VALUE></Refuse>");

        assertEquals(500, response.statusCode());
        assertEquals("fault 57 No such thing as unicorns", response.body());
        assertTrue(loggedAt(Level.INFO, "LINE Refuse fault 57: No such thing as unicorns"), logged.list.toString());
    }

    @Test
    void anUnexpectedFailureIsLoggedAtErrorAndTheClientGetsOnlyTheGenericText() throws Exception {
        HttpResponse<String> response = post("<Break/>");

        assertEquals("fault 99 " + Fault.INTERNAL_ERROR.defaultText(), response.body());
        assertFalse(response.body().contains("db-7"));
        assertTrue(loggedAt(Level.ERROR, "LINE Break failed unexpectedly"), logged.list.toString());
    }

    @Test
    void aSessionOperationGetsTheCallerOfTheSessionTheFormatFound() throws Exception {
        assertEquals("ok alice@acme.test", post("<WhoAmI/>", "X-Session", "good-session").body());
    }

    @Test
    void withoutASessionTheBearerTokenIdentifiesTheCaller() throws Exception {
        assertEquals("ok alice@acme.test", post("<WhoAmI/>", "Authorization", "Bearer good-token").body());
    }

    @Test
    void anUnknownSessionIsTheSessionFaultEvenWithAGoodBearerToken() throws Exception {
        HttpResponse<String> response = post("<WhoAmI/>", "X-Session", "stale", "Authorization", "Bearer good-token");

        assertEquals("fault 145 " + Fault.SESSION_INVALID.defaultText(), response.body());
    }

    @Test
    void noSessionAndNoTokenIsTheSessionFault() throws Exception {
        assertEquals("fault 145 " + Fault.SESSION_INVALID.defaultText(), post("<WhoAmI/>").body());
    }

    @Test
    void anUnknownNameGetsTheRegistrysFaultBeforeTheFormatChecksTheCall() throws Exception {
        String body = post("<Nope/>").body();

        assertTrue(body.startsWith("fault 54 Unknown operation 'Nope'. Supported operations: "), body);
    }

    @Test
    void theFormatMayRefuseAKnownOperation() throws Exception {
        assertEquals("fault 54 Hidden is not available here", post("<Hidden/>").body());
    }

    @Test
    void aBodyOverTheLimitIsAFaultThatTheClientStillSendingGetsToRead() throws Exception {
        byte[] body = ("<Echo><VALUE>" + "x".repeat(MAX_REQUEST_BYTES * 64) + "</VALUE></Echo>").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = post("text/xml", body);

        assertEquals("fault 52 The request is larger than the " + MAX_REQUEST_BYTES + " bytes this server accepts",
                response.body());
    }

    @Test
    void theCharsetOfTheContentTypeDecidesHowTheBodyIsRead() throws Exception {
        byte[] body = "<Echo><VALUE>Grüße</VALUE></Echo>".getBytes(StandardCharsets.ISO_8859_1);

        assertEquals("ok Grüße", post("text/xml; charset=ISO-8859-1", body).body());
    }

    @Test
    void aBodyThatStallsIsAnswered408AndTheConnectionClosedNot500() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", http.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n<Echo>")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();

            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);

            assertTrue(response.startsWith("HTTP/1.1 408 "), response);
            assertTrue(response.endsWith("fault 60 " + Fault.REQUEST_TIMEOUT.defaultText()), response);
            assertTrue(loggedAt(Level.INFO, "LINE request body not received"), logged.list.toString());
        }
    }

    @Test
    void aBodyThatTricklesInPastItsDeadlineIsAnswered408() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", http.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write("POST /api HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 100\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();

            // one byte well inside the idle timeout each time, for longer than the body's deadline
            for (int i = 0; i < 12; i++) {
                try {
                    out.write('<');
                    out.flush();
                } catch (IOException answeredAndClosed) {
                    break;
                }
                Thread.sleep(300);
            }
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);

            assertTrue(response.startsWith("HTTP/1.1 408 "), response);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(8).toNanos());
        }
    }
}
