package io.listgate.web;

import io.listgate.api.ApiDispatcher;
import io.listgate.config.ListGateConfig;
import io.listgate.tls.ServerCertificate;
import io.listgate.user.OrgUser;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.http.HttpServlet;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Jetty with the servlets it is given on an HTTP and an HTTPS listener (either may be off), one
 * access-log line per request. TLS choices are ADR 0014's.
 */
public final class HttpServer implements AutoCloseable {

    private static final Logger ACCESS = LoggerFactory.getLogger("io.listgate.access");
    private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
    /** TLS 1.0 and 1.1 are deprecated (RFC 8996). */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /**
     * TLS 1.3's suites and TLS 1.2's forward-secret AEAD ones (Mozilla's "intermediate" list without
     * finite-field DHE): no CBC, no static RSA key exchange.
     */
    private static final String[] CIPHER_SUITES = {
        "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
    };

    private final Server jetty;
    private final ListGateConfig config;
    private final Optional<ServerConnector> http;
    private final Optional<ServerConnector> https;
    private final Optional<SslContextFactory.Server> tls;
    /** Protects the key only inside this process's in-memory keystore. */
    private final String keyPassword = randomPassword();
    private final Map<String, HttpServlet> servlets = new LinkedHashMap<>();
    private ListGateConfig.Limits limits = ListGateConfig.Limits.DEFAULT;

    /** The listeners {@code config} asks for; {@code certificate} is required when HTTPS is on. */
    public HttpServer(ListGateConfig config, Optional<ServerCertificate> certificate) {
        this.config = config;
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("listgate-http");
        this.jetty = new Server(threads);
        TrustedProxies proxies = new TrustedProxies(config.trustedProxies());
        if (config.httpPort() == ListGateConfig.OFF) {
            this.http = Optional.empty();
        } else {
            HttpConfiguration plain = new HttpConfiguration();
            plain.addCustomizer(proxies);
            this.http = Optional.of(listen(config.httpPort(), new HttpConnectionFactory(plain)));
        }
        if (!config.https().enabled()) {
            this.tls = Optional.empty();
            this.https = Optional.empty();
        } else {
            SslContextFactory.Server factory = new SslContextFactory.Server();
            factory.setIncludeProtocols(PROTOCOLS);
            factory.setIncludeCipherSuites(CIPHER_SUITES);
            factory.setRenegotiationAllowed(false);
            use(factory, certificate.orElseThrow(() -> new IllegalArgumentException("HTTPS needs a certificate")));
            HttpConfiguration secure = new HttpConfiguration();
            SecureRequestCustomizer tlsRequests = new SecureRequestCustomizer();
            // One certificate for every name: a client that reached us by another name (an IP, a proxy's)
            // gets the certificate and decides; a 400 for the name would help nobody.
            tlsRequests.setSniHostCheck(false);
            secure.addCustomizer(tlsRequests);
            secure.addCustomizer(proxies);
            HttpConnectionFactory http11 = new HttpConnectionFactory(secure);
            // The detector sends what is not a TLS handshake to plain HTTP, where TransportRules refuses it with a 400.
            DetectorConnectionFactory detector = new DetectorConnectionFactory(new SslConnectionFactory(factory, http11.getProtocol()));
            this.tls = Optional.of(factory);
            this.https = Optional.of(listen(config.https().port(), detector, http11));
        }
        jetty.setRequestLog(new AccessLog());
    }

    private ServerConnector listen(int port, ConnectionFactory... factories) {
        ServerConnector connector = new ServerConnector(jetty, factories);
        connector.setHost(config.bindAddress());
        connector.setPort(port);
        jetty.addConnector(connector);
        return connector;
    }

    /**
     * Serves {@code certificate} from the next TLS handshake on; connections already open keep theirs.
     * Jetty rebuilds its SSLContext under a lock, so a handshake sees the old context or the new one.
     */
    public void useCertificate(ServerCertificate certificate) {
        SslContextFactory.Server factory = tls.orElseThrow(() -> new IllegalStateException("HTTPS is off"));
        try {
            factory.reload(f -> use((SslContextFactory.Server) f, certificate));
        } catch (Exception e) {
            throw new IllegalStateException("cannot switch to the new certificate: " + e.getMessage(), e);
        }
    }

    private void use(SslContextFactory.Server factory, ServerCertificate certificate) {
        factory.setKeyStore(certificate.keyStore(keyPassword.toCharArray()));
        factory.setKeyStorePassword(keyPassword);
        factory.setKeyManagerPassword(keyPassword);
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** What one client may take of the server; the defaults unless given before {@link #start}. */
    public HttpServer limits(ListGateConfig.Limits clientLimits) {
        this.limits = clientLimits;
        return this;
    }

    public HttpServer route(String path, HttpServlet servlet) {
        servlets.put(path, servlet);
        return this;
    }

    public void start() {
        ServletContextHandler context = new ServletContextHandler("/");
        servlets.forEach((path, servlet) -> {
            ServletHolder holder = new ServletHolder(servlet);
            // an embedded context reads no annotations: a servlet taking files says so with @MultipartConfig
            MultipartConfig multipart = servlet.getClass().getAnnotation(MultipartConfig.class);
            if (multipart != null) {
                holder.getRegistration().setMultipartConfig(new MultipartConfigElement(multipart));
            }
            context.addServlet(holder, path);
        });
        Handler transport = new TransportRules(context, https.map(Connector.class::cast), this::httpsPort,
                config.https().redirectHttp(), config.https().hstsMaxAge(), config.publicUrl());
        jetty.setHandler(new RequestGuard(new ExactContentType(transport), limits));
        ConnectorHardening.apply(jetty, limits);
        jetty.setErrorHandler(new ErrorPages());
        context.setErrorHandler(new ErrorPages());
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("HTTP server cannot listen on " + config.bindAddress() + " (HTTP "
                    + config.httpPort() + ", HTTPS " + config.https().port() + "): " + e.getMessage(), e);
        }
        http.ifPresent(c -> LOG.info("HTTP listening on {}:{}{}", c.getHost(), c.getLocalPort(),
                config.https().redirectHttp() ? ", redirecting to HTTPS all but " + TransportRules.HEALTH_PATH : ""));
        https.ifPresent(c -> LOG.info("HTTPS listening on {}:{} ({})", c.getHost(), c.getLocalPort(), String.join(", ", PROTOCOLS)));
    }

    /** The bound HTTP port; {@link ListGateConfig#OFF} when plain HTTP is off. */
    public int port() {
        return http.map(ServerConnector::getLocalPort).orElse(ListGateConfig.OFF);
    }

    /** The bound HTTPS port; {@link ListGateConfig#OFF} when HTTPS is off. */
    public int httpsPort() {
        return https.map(ServerConnector::getLocalPort).orElse(ListGateConfig.OFF);
    }

    public boolean isRunning() {
        return jetty.isStarted();
    }

    /** Jetty's request threads, for monitoring. */
    public QueuedThreadPool threadPool() {
        return (QueuedThreadPool) jetty.getThreadPool();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("HTTP server did not stop cleanly: {}", e.getMessage());
        }
    }

    /**
     * Jetty canonicalizes {@code charset=UTF-8} to lower case; the XML API spec gives the header as
     * {@code text/xml;charset=UTF-8} and some clients compare it literally, so it is respelled here,
     * on its way to the wire.
     */
    private static final class ExactContentType extends Handler.Wrapper {
        ExactContentType(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
                @Override
                public void send(MetaData.Request req, MetaData.Response res, boolean last, ByteBuffer content,
                                 Callback done) {
                    super.send(req, res == null ? null : respell(res), last, content, done);
                }
            });
            return super.handle(request, response, callback);
        }

        private static MetaData.Response respell(MetaData.Response res) {
            String type = res.getHttpFields().get(HttpHeader.CONTENT_TYPE);
            if (!ApiDispatcher.RESPONSE_CONTENT_TYPE.equalsIgnoreCase(type)
                    || ApiDispatcher.RESPONSE_CONTENT_TYPE.equals(type)) {
                return res;
            }
            HttpFields.Mutable fields = HttpFields.build(res.getHttpFields());
            fields.put(HttpHeader.CONTENT_TYPE, ApiDispatcher.RESPONSE_CONTENT_TYPE);
            return new MetaData.Response(res.getStatus(), res.getReason(), res.getHttpVersion(), fields,
                    res.getContentLength(), res.getTrailersSupplier());
        }
    }

    /**
     * Method, path without path parameters (they carry session ids), operation, status, time; the
     * caller's organization and user, the operation, status and time also as MDC fields (JSON lines).
     */
    private static final class AccessLog implements RequestLog {
        @Override
        public void log(Request request, Response response) {
            String path = request.getHttpURI().getPath();
            int params = path == null ? -1 : path.indexOf(';');
            if (params >= 0) {
                path = path.substring(0, params);
            }
            Object operation = request.getAttribute(ApiDispatcher.OPERATION_ATTRIBUTE);
            Object outcome = request.getAttribute(ApiDispatcher.OUTCOME_ATTRIBUTE);
            long millis = (System.nanoTime() - request.getBeginNanoTime()) / 1_000_000;
            Object caller = request.getAttribute(ApiDispatcher.CALLER_ATTRIBUTE);
            try (MDC.MDCCloseable o = put("organization", caller instanceof OrgUser u ? u.organizationName() : null);
                 MDC.MDCCloseable u = put("user", caller instanceof OrgUser user ? user.username() : null);
                 MDC.MDCCloseable op = put("operation", operation == null ? null : operation.toString());
                 MDC.MDCCloseable s = put("status", String.valueOf(response.getStatus()));
                 MDC.MDCCloseable d = put("duration_ms", String.valueOf(millis))) {
                ACCESS.info("{} {}{}{} {} {}ms", request.getMethod(), path,
                        operation == null ? "" : " " + operation,
                        outcome == null ? "" : " -> " + outcome,
                        response.getStatus(), millis);
            }
        }

        private static MDC.MDCCloseable put(String key, String value) {
            return value == null ? null : MDC.putCloseable(key, value);
        }
    }
}
