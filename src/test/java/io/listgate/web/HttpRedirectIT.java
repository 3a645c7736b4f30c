package io.listgate.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.Server;
import io.listgate.config.AddressRange;
import io.listgate.config.ListGateConfig;
import io.listgate.support.TestCertificates;
import io.listgate.support.TestServer;
import io.listgate.tls.KeyMaterial;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LISTGATE_HTTP_REDIRECT=true on a server with the generated certificate, behind a proxy on
 * 127.0.0.1 that is trusted: plain requests but {@code /health} go to HTTPS, and what the proxy
 * forwards is believed.
 */
class HttpRedirectIT {

    private static Server server;
    private static Path home;
    private static String http;
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startARedirectingServer() {
        home = TestServer.newHome("redirect");
        server = Server.create(TestServer.config(home)
                .withHttps(ListGateConfig.Https.DEFAULT.withPort(0).withRedirectHttp(true))
                .withTrustedProxies(List.of(AddressRange.parse("127.0.0.0/8")))).start();
        http = "http://127.0.0.1:" + server.httpPort();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws Exception {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aPageRequestedOverHttpIsRedirectedToTheSamePathOverHttps() throws Exception {
        // when
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(http + "/admin/jobs?status=COMPLETE")).GET());

        // then
        assertEquals(301, reply.statusCode());
        assertEquals(Optional.of("https://127.0.0.1:" + server.httpsPort() + "/admin/jobs?status=COMPLETE"),
                reply.headers().firstValue("Location"));
    }

    @Test
    void anApiPostIsRedirectedWith308SoThatItStaysAPostWithItsSession() throws Exception {
        // when
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(http + "/XMLAPI;jsessionid=ABC"))
                .POST(HttpRequest.BodyPublishers.ofString("xml=<Envelope/>")), "Content-Type", "application/x-www-form-urlencoded");

        // then
        assertEquals(308, reply.statusCode());
        assertEquals(Optional.of("https://127.0.0.1:" + server.httpsPort() + "/XMLAPI;jsessionid=ABC"),
                reply.headers().firstValue("Location"));
    }

    @Test
    void healthStaysOnPlainHttpForLoadBalancersAndHealthChecks() throws Exception {
        HttpResponse<String> reply = send(HttpRequest.newBuilder(URI.create(http + "/health")).GET());

        assertEquals(200, reply.statusCode(), reply.body());
    }

    @Test
    void aTrustedProxyThatTerminatedTlsIsNotRedirectedAndItsSchemeAndHostMakeTheLinks() throws Exception {
        // when
        HttpResponse<String> wsdl = send(HttpRequest.newBuilder(URI.create(http + "/SoapApi?wsdl")).GET(),
                "X-Forwarded-Proto", "https", "X-Forwarded-Host", "listgate.example.org");
        HttpResponse<String> signIn = send(HttpRequest.newBuilder(URI.create(http + "/admin/login")).GET(),
                "Forwarded", "proto=https;host=listgate.example.org");

        // then
        assertEquals(200, wsdl.statusCode());
        assertTrue(wsdl.body().contains("<soap:address location=\"https://listgate.example.org/SoapApi\"/>"), wsdl.body());
        assertEquals(200, signIn.statusCode());
        assertTrue(signIn.headers().allValues("Set-Cookie").stream().allMatch(c -> c.contains("; Secure")),
                signIn.headers().allValues("Set-Cookie").toString());
    }

    @Test
    void httpsServesTheGeneratedCertificateFtpsUsesValidForTheConfiguredHostNames() throws Exception {
        // when
        String presented = TestCertificates.fingerprint(TestCertificates.presented(server.httpsPort()));

        // then
        KeyMaterial keys = KeyMaterial.loadOrCreate(server.config().keysDir(), ListGateConfig.Https.DEFAULT_HOST_NAMES);
        assertEquals(keys.certificateFingerprint(), presented);
        assertTrue(keys.certificate().getSubjectAlternativeNames().stream().anyMatch(n -> n.get(1).equals("localhost")));
    }
}
