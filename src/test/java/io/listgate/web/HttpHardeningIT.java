package io.listgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

/** What Jetty itself answers: refused methods. */
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

    @Test
    void traceIsRefusedOnEveryPathAndEchoesNoCookieNorAuthorization() throws Exception {
        for (String path : List.of("/XMLAPI", "/SoapApi", "/admin/jobs", "/health", "/oauth/token", "/nowhere")) {
            HttpResponse<String> response = send("TRACE", path, null);

            assertEquals(405, response.statusCode(), path);
            assertFalse(response.body().contains("cookie-secret") || response.body().contains("bearer-secret"),
                    path + ": " + response.body());
            assertFalse(response.body().contains("Exception"), response.body());
        }
    }
}
