package io.listgate.web;

import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.HostPort;

/**
 * What the transport decides before any servlet runs: plain HTTP sent to the HTTPS port gets a 400
 * saying so (instead of a TLS alert the client cannot show); with the redirect on, every plain
 * request but {@code /health} is sent to HTTPS, so load balancers and container health checks keep
 * working without a certificate; secure answers carry HSTS when configured. "Secure" is what the
 * request says after {@link TrustedProxies}: a trusted proxy that terminated TLS counts.
 */
final class TransportRules extends Handler.Wrapper {

    static final String HEALTH_PATH = "/health";

    private final Optional<Connector> tlsConnector;
    private final IntSupplier httpsPort;
    private final boolean redirect;
    private final Optional<String> hsts;
    private final Optional<String> httpsPublicUrl;

    /**
     * @param tlsConnector   the HTTPS listener, if any
     * @param httpsPort      its bound port, for redirect targets
     * @param redirect       whether plain requests are redirected to HTTPS
     * @param hstsMaxAge     zero for no HSTS header
     * @param publicUrl      LISTGATE_PUBLIC_URL; when it is https:// it is the redirect target's base
     */
    TransportRules(Handler next, Optional<Connector> tlsConnector, IntSupplier httpsPort, boolean redirect,
                   Duration hstsMaxAge, Optional<String> publicUrl) {
        super(next);
        this.tlsConnector = tlsConnector;
        this.httpsPort = httpsPort;
        this.redirect = redirect;
        this.hsts = hstsMaxAge.isZero() ? Optional.empty() : Optional.of("max-age=" + hstsMaxAge.toSeconds());
        this.httpsPublicUrl = publicUrl.filter(url -> url.startsWith("https://"));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (isClearTextOnTlsPort(request)) {
            response.setStatus(HttpStatus.BAD_REQUEST_400);
            response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
            Content.Sink.write(response, true, "This port speaks HTTPS only: use " + httpsBase(request)
                    + request.getHttpURI().getPath() + "\n", callback);
            return true;
        }
        if (request.isSecure()) {
            hsts.ifPresent(value -> response.getHeaders().put(HttpHeader.STRICT_TRANSPORT_SECURITY, value));
        } else if (redirect && !HEALTH_PATH.equals(request.getHttpURI().getPath())) {
            // 308 keeps a POST a POST with its body; 301 for the rest, which every client knows.
            boolean safe = HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod());
            Response.sendRedirect(request, response, callback,
                    safe ? HttpStatus.MOVED_PERMANENTLY_301 : HttpStatus.PERMANENT_REDIRECT_308,
                    httpsBase(request) + request.getHttpURI().getPathQuery(), true);
            return true;
        }
        return super.handle(request, response, callback);
    }

    /** The connection itself, not the scheme a header may have set: only TLS on the wire counts here. */
    private boolean isClearTextOnTlsPort(Request request) {
        return tlsConnector.isPresent() && request.getConnectionMetaData().getConnector() == tlsConnector.get()
                && !request.getConnectionMetaData().isSecure();
    }

    /** LISTGATE_PUBLIC_URL when it is HTTPS (a proxy's port is not ours to know), else this host on our HTTPS port. */
    private String httpsBase(Request request) {
        return httpsPublicUrl.orElseGet(() -> {
            int port = httpsPort.getAsInt();
            return "https://" + HostPort.normalizeHost(Request.getServerName(request)) + (port == 443 ? "" : ":" + port);
        });
    }
}
