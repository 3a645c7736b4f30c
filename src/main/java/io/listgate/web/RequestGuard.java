package io.listgate.web;

import io.listgate.config.ListGateConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The first handler every request meets, before any servlet.
 *
 * <p>TRACE (and the older TRACK) echo the request, cookies and Authorization included, back to
 * whatever script made it (cross-site tracing); HttpServlet answers it by default, so it is refused
 * here for every path.
 *
 * <p>A request with a body holds one of Jetty's threads while the servlet reads it, so a client
 * sending bodies slowly on many connections could hold them all: each client address may have only
 * {@code bodiesPerAddress} such requests in flight, further ones are answered 503 at once. Requests
 * without a body (GET /health, the admin pages) never wait for a client and are not counted. And a
 * body must arrive in full within {@code httpBodyTimeout}: one byte every few seconds never trips the
 * idle timeout, so past the deadline the next read fails (the API answers 408).
 */
final class RequestGuard extends Handler.Wrapper {

    private static final Set<String> REFUSED_METHODS = Set.of("TRACE", "TRACK");
    static final String ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS";

    private final int bodiesPerAddress;
    private final long bodyTimeoutNanos;
    /** Only addresses with a body in flight have an entry. */
    private final ConcurrentHashMap<String, Integer> inFlight = new ConcurrentHashMap<>();

    RequestGuard(Handler next, ListGateConfig.Limits limits) {
        super(next);
        this.bodiesPerAddress = limits.httpRequestsPerAddress();
        this.bodyTimeoutNanos = limits.httpBodyTimeout().toNanos();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (REFUSED_METHODS.contains(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, ALLOWED_METHODS);
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        if (!hasBody(request)) {
            return super.handle(request, response, callback);
        }
        String address = Request.getRemoteAddr(request);
        if (!acquire(address)) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
            Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503);
            return true;
        }
        Callback release = Callback.from(callback, () -> release(address));
        boolean handled = false;
        try {
            handled = super.handle(new BodyDeadline(request, System.nanoTime() + bodyTimeoutNanos), response, release);
            return handled;
        } finally {
            if (!handled) {
                release(address);
            }
        }
    }

    /** Fails the body's reads once its deadline has passed, however recently the last byte came. */
    private static final class BodyDeadline extends Request.Wrapper {
        private final long deadline;
        private volatile boolean complete;

        BodyDeadline(Request request, long deadline) {
            super(request);
            this.deadline = deadline;
        }

        @Override
        public Content.Chunk read() {
            if (!complete && System.nanoTime() - deadline > 0) {
                return Content.Chunk.from(new TimeoutException("the request body did not arrive in time"));
            }
            Content.Chunk chunk = super.read();
            if (chunk != null && chunk.isLast()) {
                complete = true;
            }
            return chunk;
        }
    }

    private static boolean hasBody(Request request) {
        return request.getLength() != 0;
    }

    /** Counts one more body of the address unless it has its share already; atomic per address. */
    private boolean acquire(String address) {
        boolean[] acquired = {false};
        inFlight.compute(address, (a, count) -> {
            int now = count == null ? 0 : count;
            if (now >= bodiesPerAddress) {
                return count;
            }
            acquired[0] = true;
            return now + 1;
        });
        return acquired[0];
    }

    private void release(String address) {
        inFlight.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
    }
}
