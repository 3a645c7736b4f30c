package io.listgate.metrics;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code GET /metrics}: the Prometheus text exposition. With a token configured, only a request
 * carrying {@code Authorization: Bearer <token>} gets it; others get 401.
 */
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String BEARER = "Bearer ";

    private final transient ServerMetrics metrics;
    private final transient Optional<byte[]> token;

    public MetricsServlet(ServerMetrics metrics, Optional<String> token) {
        this.metrics = metrics;
        this.token = token.map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!authorized(request.getHeader("Authorization"))) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"listgate-metrics\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "a bearer token is needed for /metrics");
            return;
        }
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        response.setContentType(ServerMetrics.contentType());
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private boolean authorized(String header) {
        if (token.isEmpty()) {
            return true;
        }
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        // constant time: the comparison tells nothing of how much of a guess was right
        return MessageDigest.isEqual(token.get(), header.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8));
    }
}
