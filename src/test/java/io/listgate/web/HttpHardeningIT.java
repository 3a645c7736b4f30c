package io.listgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.TestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What Jetty itself answers: refused methods, error pages, headers. */
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
}
