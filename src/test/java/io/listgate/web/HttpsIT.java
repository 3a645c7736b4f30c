package io.listgate.web;

import static io.listgate.support.TestUsers.ACME_CLIENT;
import static io.listgate.support.TestUsers.ACME_CLIENT_SECRET;
import static io.listgate.support.TestUsers.ACME_PASSWORD;
import static io.listgate.support.TestUsers.ACME_REFRESH_TOKEN;
import static io.listgate.support.TestUsers.ACME_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.ftp.Eventually;
import io.listgate.support.HttpsTestServer;
import io.listgate.support.TestCertificates;
import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import io.listgate.tls.CertificateWatcher;
import jakarta.xml.ws.BindingProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import silverpopapi.engageservice.EngageService;
import silverpopapi.engageservice.EngageSoapApi;
import silverpopapi.engageservice.listmgmt.useractions.GetLists;
import silverpopapi.engageservice.sessionheader.SessionHeader;
import silverpopapi.engageservice.sessionmgmt.Login;
import silverpopapi.engageservice.sessionmgmt.Logout;

/**
 * The API, OAuth and the WSDL over real TLS, on the HTTPS-only test server whose certificate comes
 * from the test's own authority; what is refused (TLS 1.1, plain HTTP on the HTTPS port, forged
 * forwarded headers); and a certificate renewed on disk while the server runs.
 */
class HttpsIT {

    private static HttpsTestServer tls;
    private static HttpClient client;

    @BeforeAll
    static void startTheHttpsServer() {
        tls = HttpsTestServer.shared();
        client = client(Optional.empty());
    }

    /** A client trusting the test authority only; {@code parameters} narrow what it offers. */
    private static HttpClient client(Optional<SSLParameters> parameters) {
        HttpClient.Builder builder = HttpClient.newBuilder().sslContext(tls.authority().clientContext())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5));
        parameters.ifPresent(builder::sslParameters);
        return builder.build();
    }

    private static HttpResponse<String> post(HttpClient http, String url, String contentType, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> get(HttpClient http, String url, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String login() {
        return "xml=" + URLEncoder.encode(XmlApiClient.login(ACME_USER, ACME_PASSWORD), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theXmlApiLogsInOverTls13WithTheConfiguredCertificateAndSendsHsts() throws Exception {
        // when
        HttpResponse<String> reply = post(client, tls.base() + "/XMLAPI", "application/x-www-form-urlencoded", login());

        // then
        assertEquals(200, reply.statusCode());
        assertTrue(reply.body().contains("<SUCCESS>TRUE</SUCCESS>"), reply.body());
        assertEquals("TLSv1.3", reply.sslSession().orElseThrow().getProtocol());
        assertEquals(Optional.of("max-age=" + HttpsTestServer.HSTS.toSeconds()),
                reply.headers().firstValue("Strict-Transport-Security"));
    }

    @Test
    void jobPageLinksInMailAndWebhooksUseHttpsWhenNoPublicUrlIsSet() {
        assertEquals(tls.base(), tls.server().publicUrl());
    }

    @Test
    void aTls12ClientIsServedWithAForwardSecretAeadSuite() throws Exception {
        // given
        SSLParameters tls12 = new SSLParameters();
        tls12.setProtocols(new String[] {"TLSv1.2"});

        // when
        HttpResponse<String> reply = post(client(Optional.of(tls12)), tls.base() + "/XMLAPI", "application/x-www-form-urlencoded", login());

        // then
        assertTrue(reply.body().contains("<SUCCESS>TRUE</SUCCESS>"), reply.body());
        String suite = reply.sslSession().orElseThrow().getCipherSuite();
        assertEquals("TLSv1.2", reply.sslSession().orElseThrow().getProtocol());
        assertTrue(suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("CHACHA20")), suite);
    }

    @Test
    void anOauthClientGetsATokenAndCallsTheApiWithItOverHttps() throws Exception {
        // when
        HttpResponse<String> token = post(client, tls.base() + "/oauth/token", "application/x-www-form-urlencoded",
                "grant_type=refresh_token&client_id=" + ACME_CLIENT + "&client_secret=" + ACME_CLIENT_SECRET
                        + "&refresh_token=" + ACME_REFRESH_TOKEN);
        String accessToken = token.body().replaceAll(".*\"access_token\":\"([0-9a-f]+)\".*", "$1");
        HttpResponse<String> lists = post(client, tls.base() + "/XMLAPI", "text/xml",
                "<Envelope><Body><GetLists><VISIBILITY>1</VISIBILITY><LIST_TYPE>2</LIST_TYPE></GetLists></Body></Envelope>",
                "Authorization", "Bearer " + accessToken);

        // then
        assertEquals(200, token.statusCode(), token.body());
        assertTrue(lists.body().contains("<SUCCESS>TRUE</SUCCESS>"), lists.body());
    }

    @Test
    void theWsdlNamesTheHttpsAddressTheClientCameIn() throws Exception {
        // when
        HttpResponse<String> wsdl = get(client, tls.base() + "/SoapApi?wsdl");

        // then
        assertTrue(wsdl.body().contains("<soap:address location=\"" + tls.base() + "/SoapApi\"/>"), wsdl.body());
    }

    @Test
    void theGeneratedSoapClientReadsTheWsdlAndCallsTheApiOverHttps() throws Exception {
        // given Metro's HTTP transport, which goes through HttpsURLConnection, trusting the test authority
        SSLSocketFactory before = HttpsURLConnection.getDefaultSSLSocketFactory();
        HttpsURLConnection.setDefaultSSLSocketFactory(tls.authority().clientContext().getSocketFactory());
        try {
            EngageSoapApi api = new EngageService(new URL(tls.base() + "/SoapApi?wsdl")).getEngageSoapApiPort();
            Login login = new Login();
            login.setUSERNAME(ACME_USER);
            login.setPASSWORD(ACME_PASSWORD);

            // when
            var loggedIn = api.login(login);
            SessionHeader session = new SessionHeader();
            session.setSessionid(loggedIn.getSESSIONID());
            GetLists getLists = new GetLists();
            getLists.setLISTTYPE("0");
            api.getLists(getLists, session); // a fault would throw

            // then
            assertEquals(tls.base() + "/SoapApi", ((BindingProvider) api).getRequestContext().get(BindingProvider.ENDPOINT_ADDRESS_PROPERTY));
            assertTrue(loggedIn.isSUCCESS());
            assertTrue(api.logout(new Logout(), session).isSUCCESS());
        } finally {
            HttpsURLConnection.setDefaultSSLSocketFactory(before);
        }
    }

    @Test
    void forgedForwardedHeadersFromAnAddressThatIsNoTrustedProxyChangeNothing() throws Exception {
        // given the test runs on 127.0.0.1, and only 10.9.9.9 is a trusted proxy
        String[] forged = {"X-Forwarded-Proto", "http", "X-Forwarded-Host", "evil.example", "Forwarded", "proto=http;host=evil.example"};

        // when
        HttpResponse<String> wsdl = get(client, tls.base() + "/SoapApi?wsdl", forged);

        // then
        assertTrue(wsdl.body().contains("<soap:address location=\"" + tls.base() + "/SoapApi\"/>"), wsdl.body());
        assertTrue(wsdl.headers().firstValue("Strict-Transport-Security").isPresent());
    }

    @Test
    void aForgedXForwardedProtoOverPlainHttpMakesNothingSecure() throws Exception {
        // given the shared server, plain HTTP on, no trusted proxies
        Server plain = TestServer.shared();
        String base = "http://127.0.0.1:" + plain.httpPort();
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        // when
        HttpResponse<String> wsdl = get(http, base + "/SoapApi?wsdl", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example");
        HttpResponse<String> signIn = get(http, base + "/admin/login", "X-Forwarded-Proto", "https");

        // then
        assertTrue(wsdl.body().contains("<soap:address location=\"" + base + "/SoapApi\"/>"), wsdl.body());
        assertTrue(signIn.headers().allValues("Set-Cookie").stream().noneMatch(c -> c.contains("Secure")),
                signIn.headers().allValues("Set-Cookie").toString());
    }

    @Test
    void plainHttpWithoutAnHttpPortIsOffAndOnTheHttpsPortIsRefusedWithA400() throws Exception {
        // given
        assertEquals(ListGateConfig.OFF, tls.server().httpPort());

        // when
        String reply;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", tls.server().httpsPort()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }

        // then: an answer the client can show, then the connection closes (readAllBytes returned)
        assertTrue(reply.startsWith("HTTP/1.1 400 "), reply);
        assertTrue(reply.contains("This port speaks HTTPS only: use https://localhost:" + tls.server().httpsPort() + "/health"), reply);
    }

    @Test
    void aTls11ClientHelloIsAnsweredWithAProtocolVersionAlert() throws Exception {
        // given a ClientHello offering at most TLS 1.1 (the JDK's own client refuses to send one)
        byte[] hello = tls11ClientHello();

        // when
        byte[] reply;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", tls.server().httpsPort()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(hello);
            reply = readUpTo(socket.getInputStream(), 7);
        }

        // then: a fatal alert record (21), level fatal (2), protocol_version (70) or handshake_failure (40)
        assertEquals(7, reply.length);
        assertEquals(21, reply[0]);
        assertEquals(2, reply[5]);
        assertTrue(reply[6] == 70 || reply[6] == 40, "alert " + reply[6]);
    }

    @Test
    void aCertificateRenewedOnDiskIsServedOnTheNextConnectionAndAHalfWrittenOneIsNot() throws Exception {
        // given
        TestCertificates.Issued renewed = tls.authority().issue("renewed");
        String before = TestCertificates.fingerprint(TestCertificates.presented(tls.server().httpsPort()));
        Logger watcher = (Logger) LoggerFactory.getLogger(CertificateWatcher.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        watcher.addAppender(log);
        try {
            // when only the certificate is written (its key not yet), the server keeps the pair it has
            tls.authority().writeChain(renewed, tls.chainFile());
            Eventually.await("the watcher to refuse the half-written renewal", Duration.ofSeconds(20), () -> logged(log, "cannot be used yet"));
            assertEquals(before, TestCertificates.fingerprint(TestCertificates.presented(tls.server().httpsPort())));

            // and when the key follows, the next connection gets the renewed certificate
            tls.authority().writeKey(renewed, tls.keyFile());
            Eventually.await("the watcher to reload", Duration.ofSeconds(20), () -> logged(log, "reloaded"));
        } finally {
            watcher.detachAppender(log);
        }

        // then
        assertEquals(renewed.fingerprint(), TestCertificates.fingerprint(TestCertificates.presented(tls.server().httpsPort())));
        HttpResponse<String> reply = post(client(Optional.empty()), tls.base() + "/XMLAPI", "application/x-www-form-urlencoded", login());
        assertTrue(reply.body().contains("<SUCCESS>TRUE</SUCCESS>"), reply.body());
    }

    private static boolean logged(ListAppender<ILoggingEvent> log, String fragment) {
        synchronized (log.list) {
            return log.list.stream().anyMatch(e -> e.getFormattedMessage().contains(fragment));
        }
    }

    /** TLS record (handshake, version 3.1) holding a ClientHello for version 3.2 (TLS 1.1), RFC 4346 section 7.4.1.2. */
    private static byte[] tls11ClientHello() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {3, 2});
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        body.write(random);
        body.write(0); // no session id
        // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, TLS_RSA_WITH_AES_128_CBC_SHA
        body.write(new byte[] {0, 6, (byte) 0xC0, 0x13, (byte) 0xC0, 0x09, 0x00, 0x2F});
        body.write(new byte[] {1, 0}); // null compression only
        byte[] hello = body.toByteArray();
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        record.write(new byte[] {22, 3, 1});
        int handshakeLength = hello.length + 4;
        record.write(new byte[] {(byte) (handshakeLength >> 8), (byte) handshakeLength});
        record.write(new byte[] {1, 0, (byte) (hello.length >> 8), (byte) hello.length});
        record.write(hello);
        return record.toByteArray();
    }

    private static byte[] readUpTo(InputStream in, int count) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while (out.size() < count && (b = in.read()) >= 0) {
            out.write(b);
        }
        return out.toByteArray();
    }
}
