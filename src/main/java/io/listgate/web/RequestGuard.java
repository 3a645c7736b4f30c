package io.listgate.web;

import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
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
 */
final class RequestGuard extends Handler.Wrapper {

    private static final Set<String> REFUSED_METHODS = Set.of("TRACE", "TRACK");
    static final String ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS";

    RequestGuard(Handler next) {
        super(next);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (REFUSED_METHODS.contains(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, ALLOWED_METHODS);
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
