package io.listgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What Jetty itself answers: refused methods, error pages, headers, and a flood of slow bodies. */
class HttpHardeningIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static int port;

    @BeforeAll
    static void startServer() {
        port = TestServer.shared().httpPort();
    }

    private static HttpResponse<String> send(String method, String path, String contentType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Cookie", "LISTGATE_ADMIN=cookie-secret")
                .header("Authorization", "Bearer bearer-secret")
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void assertNothingOfJetty(HttpResponse<String> response) {
        assertTrue(response.headers().firstValue("Server").isEmpty(), response.headers().toString());
        assertFalse(response.body().contains("Jetty"), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    @Test
    void traceIsRefusedOnEveryPathAndEchoesNoCookieNorAuthorization() throws Exception {
        for (String path : List.of("/XMLAPI", "/SoapApi", "/admin/jobs", "/health", "/oauth/token", "/nowhere")) {
            HttpResponse<String> response = send("TRACE", path, null);

            assertEquals(405, response.statusCode(), path);
            assertFalse(response.body().contains("cookie-secret") || response.body().contains("bearer-secret"),
                    path + ": " + response.body());
            assertNothingOfJetty(response);
        }
    }

    @Test
    void noResponseNamesTheServerOrItsVersion() throws Exception {
        HttpResponse<String> response = send("GET", "/health", null);

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Server").isEmpty(), response.headers().toString());
    }

    @Test
    void errorPagesAreListGatesOwnInTheShapeOfTheirPath() throws Exception {
        HttpResponse<String> api = send("PUT", "/XMLAPI", null);
        HttpResponse<String> oauth = send("GET", "/oauth/token", null);
        HttpResponse<String> flows = send("GET", "/flows/nothing", null);
        HttpResponse<String> admin = send("PUT", "/admin/jobs", null);
        HttpResponse<String> other = send("GET", "/nothing-here", null);

        assertEquals(405, api.statusCode());
        assertTrue(api.body().contains("<Fault>") && api.body().contains("<errorid>"), api.body());
        assertTrue(oauth.body().startsWith("{\"error\":\"invalid_request\""), oauth.body());
        assertEquals(404, flows.statusCode());
        assertTrue(flows.body().startsWith("{\"error\":"), flows.body());
        assertTrue(admin.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), admin.toString());
        assertTrue(admin.body().contains("<title>ListGate: 405"), admin.body());
        assertEquals(404, other.statusCode());
        assertEquals("404 Not Found\n", other.body());
        for (HttpResponse<String> response : List.of(api, oauth, flows, admin, other)) {
            assertNothingOfJetty(response);
        }
    }

    /** A client on 127.0.0.2, which loopback also answers: another address than the flood's. */
    private static String loginFromAnotherAddress() throws IOException {
        String form = "xml=" + URLEncoder.encode(XmlApiClient.login("nobody@flood.test", "wrong-but-answered"),
                StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /XMLAPI HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n" + form)
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void healthTheAdminPagesAndOtherAddressesAreAnsweredWhileSlowBodiesFloodFromOneAddress() throws Exception {
        List<Socket> flood = new ArrayList<>();
        try {
            // given 220 connections, more than Jetty has threads, each promising a body and sending one byte
            for (int i = 0; i < 220; i++) {
                Socket socket = new Socket("127.0.0.1", port);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /XMLAPI HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n<")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                flood.add(socket);
            }

            // when
            long start = System.nanoTime();
            HttpResponse<String> health = send("GET", "/health", null);
            HttpResponse<String> login = send("GET", "/admin/login", null);
            String otherClient = loginFromAnotherAddress();

            // then
            assertEquals(200, health.statusCode(), health.body());
            assertEquals(200, login.statusCode());
            assertTrue(otherClient.startsWith("HTTP/1.1 200 ") && otherClient.contains("<errorid>140</errorid>"), otherClient);
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos(), "answered while flooded");
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
    }
}
