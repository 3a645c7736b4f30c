package io.listgate.api;

import io.listgate.user.OrgUser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * {@code POST /XMLAPI}: decode the envelope, find the session, dispatch to the operation, write
 * the result. The one place where failures become fault envelopes; always HTTP 200.
 */
public final class XmlApiServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(XmlApiServlet.class);
    private static final Pattern JSESSIONID = Pattern.compile(";jsessionid=([^;/?]*)", Pattern.CASE_INSENSITIVE);
    /** Request attributes the access log reads, so it can name the operation without the session id. */
    public static final String RESPONSE_CONTENT_TYPE = "text/xml;charset=UTF-8";
    public static final String OPERATION_ATTRIBUTE = "listgate.operation";
    public static final String OUTCOME_ATTRIBUTE = "listgate.outcome";

    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final OperationRegistry operations;
    private final SessionResolver sessions;
    private final int maxRequestBytes;

    public XmlApiServlet(OperationRegistry operations, SessionResolver sessions, int maxRequestBytes) {
        this.operations = operations;
        this.sessions = sessions;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body;
        try {
            body = EnvelopeWriter.success(dispatch(request));
            request.setAttribute(OUTCOME_ATTRIBUTE, "SUCCESS");
        } catch (ApiException e) {
            // Expected: the client sent something we refuse; the FaultString tells it what.
            LOG.info("XMLAPI {} fault {}: {}", request.getAttribute(OPERATION_ATTRIBUTE), e.fault().errorId(), e.faultString());
            request.setAttribute(OUTCOME_ATTRIBUTE, "fault " + e.fault().errorId());
            body = EnvelopeWriter.fault(e.fault(), e.faultString());
        } catch (RuntimeException e) {
            LOG.error("XMLAPI {} failed unexpectedly", request.getAttribute(OPERATION_ATTRIBUTE), e);
            request.setAttribute(OUTCOME_ATTRIBUTE, "fault " + Fault.INTERNAL_ERROR.errorId());
            body = EnvelopeWriter.fault(Fault.INTERNAL_ERROR, Fault.INTERNAL_ERROR.defaultText());
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        // Jetty writes this as text/xml;charset=utf-8; HttpServer restores the exact spelling on the wire.
        response.setContentType(RESPONSE_CONTENT_TYPE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        doPost(request, response);
    }

    private Result dispatch(HttpServletRequest request) throws IOException {
        byte[] body = readBody(request);
        Element element = EnvelopeReader.operationOf(RequestDecoder.decode(request.getContentType(), body));
        String name = ApiRequest.localName(element);
        request.setAttribute(OPERATION_ATTRIBUTE, name);
        Operation operation = operations.lookup(name);
        Optional<String> token = sessionToken(request);
        OrgUser caller = null;
        if (operation.requiresSession()) {
            caller = Callers.require(sessions, token, Callers.bearerToken(request.getHeader("Authorization")));
        }
        return operation.handle(new ApiRequest(element, caller, token.orElse(null)));
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                // Read (and drop) a bounded rest so the client, still sending, gets to read the fault.
                drain(in, request.getContentLengthLong() - body.length);
                throw Fault.REQUEST_TOO_LARGE.exception("The request is larger than the " + maxRequestBytes
                        + " bytes this server accepts");
            }
            return body;
        }
    }

    private static void drain(InputStream in, long remaining) {
        try {
            in.skipNBytes(Math.min(Math.max(0, remaining), DRAIN_LIMIT));
        } catch (IOException e) {
            // The client went away or lied about the length: nothing left to answer politely.
        }
    }

    /** {@code ;jsessionid=} path parameter as clients append it after Login. */
    static Optional<String> sessionToken(HttpServletRequest request) {
        Matcher m = JSESSIONID.matcher(request.getRequestURI());
        if (m.find() && !m.group(1).isEmpty()) {
            return Optional.of(m.group(1));
        }
        return Optional.empty();
    }
}
