package io.listgate.support;

import io.listgate.Server;
import io.listgate.config.AddressRange;
import io.listgate.config.ListGateConfig;
import io.listgate.config.ListGateConfig.CertificateSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One HTTPS-only server per test JVM (LISTGATE_HTTP_PORT=-1) with a certificate from the test's own
 * authority in PEM files, checked for renewal every second, HSTS on, and a trusted proxy that is not
 * the tests' address, so forwarded headers the tests send are forged ones.
 */
public final class HttpsTestServer {

    public static final Duration HSTS = Duration.ofDays(365);
    public static final String OTHER_PROXY = "10.9.9.9";

    private static HttpsTestServer shared;

    private final Server server;
    private final TestCertificates authority;
    private final Path chainFile;
    private final Path keyFile;

    private HttpsTestServer(Server server, TestCertificates authority, Path chainFile, Path keyFile) {
        this.server = server;
        this.authority = authority;
        this.chainFile = chainFile;
        this.keyFile = keyFile;
    }

    public static synchronized HttpsTestServer shared() {
        if (shared == null) {
            Path home = TestServer.newHome("https");
            TestCertificates authority = TestCertificates.newAuthority();
            Path chain = home.resolve("fullchain.pem");
            Path key = home.resolve("privkey.pem");
            authority.writePem(authority.issue("first"), chain, key);
            ListGateConfig config = TestServer.config(home)
                    .withHttpPort(ListGateConfig.OFF)
                    .withHttps(ListGateConfig.Https.DEFAULT.withPort(0)
                            .withCertificate(new CertificateSource.PemFiles(chain, key))
                            .withReloadInterval(Duration.ofSeconds(1))
                            .withHsts(HSTS))
                    .withTrustedProxies(List.of(AddressRange.parse(OTHER_PROXY)));
            Server server = Server.create(config).start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
            shared = new HttpsTestServer(server, authority, chain, key);
        }
        return shared;
    }

    public Server server() {
        return server;
    }

    public TestCertificates authority() {
        return authority;
    }

    public Path chainFile() {
        return chainFile;
    }

    public Path keyFile() {
        return keyFile;
    }

    /** {@code https://localhost:<port>}: the name the certificate is for. */
    public String base() {
        return "https://localhost:" + server.httpsPort();
    }
}
