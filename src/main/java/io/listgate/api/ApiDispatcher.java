package io.listgate.api;

import io.listgate.db.TransientDatabaseException;
import io.listgate.user.OrgUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one API dispatcher behind {@code /XMLAPI} and {@code /SoapApi}: reads the body within the size
 * limit, lets the transport's {@link WireFormat} find the call, looks the operation up, resolves the
 * caller, runs the operation and writes the answer. The one place where failures become faults: an
 * {@link ApiException} is expected (INFO, its FaultString to the client), anything else is not
 * (ERROR with the stack trace, {@link Fault#INTERNAL_ERROR}'s generic text to the client).
 */
public final class ApiDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    /** Every API answer's content type; HttpServer restores this exact spelling on the wire. */
    public static final String RESPONSE_CONTENT_TYPE = "text/xml;charset=UTF-8";
    /** Request attributes the access log reads, so it can name the operation without the session id. */
    public static final String OPERATION_ATTRIBUTE = "listgate.operation";
    public static final String OUTCOME_ATTRIBUTE = "listgate.outcome";
    /** The {@link OrgUser} a session or bearer token named, for the access log. */
    public static final String CALLER_ATTRIBUTE = "listgate.caller";
    /** What monitoring is given for an operation name this server does not know (names are the client's). */
    public static final String UNKNOWN_OPERATION = "unknown";

    /** Told once about every answered request (monitoring); must be quick and must not throw. */
    @FunctionalInterface
    public interface Observer {
        /**
         * @param transport the wire format ({@code XMLAPI}, {@code SOAP})
         * @param operation a known operation's name, else {@link #UNKNOWN_OPERATION}
         * @param faultId   the fault's errorid, 0 for a success
         */
        void answered(String transport, String operation, int faultId, long nanos);
    }

    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    private final OperationRegistry operations;
    private final SessionResolver callers;
    private final int maxRequestBytes;
    private final Observer observer;

    public ApiDispatcher(OperationRegistry operations, SessionResolver callers, int maxRequestBytes) {
        this(operations, callers, maxRequestBytes, (transport, operation, faultId, nanos) -> { });
    }

    public ApiDispatcher(OperationRegistry operations, SessionResolver callers, int maxRequestBytes, Observer observer) {
        this.operations = operations;
        this.callers = callers;
        this.maxRequestBytes = maxRequestBytes;
        this.observer = observer;
    }

    /** Answers one request in {@code format} and tells the observer how it went. */
    public void serve(HttpServletRequest request, HttpServletResponse response, WireFormat format) throws IOException {
        long begin = System.nanoTime();
        Fault fault = answer(request, response, format);
        Object name = request.getAttribute(OPERATION_ATTRIBUTE);
        String operation = name != null && operations.names().contains(name.toString()) ? name.toString() : UNKNOWN_OPERATION;
        observer.answered(format.name(), operation, fault == null ? 0 : fault.errorId(), System.nanoTime() - begin);
    }

    /** Answers one request; the fault answered, null for a success. Only an I/O failure of the connection escapes. */
    private Fault answer(HttpServletRequest request, HttpServletResponse response, WireFormat format) throws IOException {
        Fault fault = null;
        String body;
        int status = HttpServletResponse.SC_OK;
        try {
            body = dispatch(request, format);
            request.setAttribute(OUTCOME_ATTRIBUTE, "SUCCESS");
        } catch (BodyNotReceived e) {
            // The client stalled or went away mid-body: no call to answer, and the connection is spent.
            LOG.info("{} request body not received: {}", format.name(), e.getCause().toString());
            request.setAttribute(OUTCOME_ATTRIBUTE, "fault " + Fault.REQUEST_TIMEOUT.errorId());
            response.setHeader("Connection", "close");
            write(response, HttpServletResponse.SC_REQUEST_TIMEOUT,
                    format.fault(Fault.REQUEST_TIMEOUT, Fault.REQUEST_TIMEOUT.defaultText()));
            return Fault.REQUEST_TIMEOUT;
        } catch (ApiException e) {
            fault = e.fault();
            // Expected: the client sent something we refuse; the FaultString tells it what.
            LOG.info("{} {} fault {}: {}", format.name(), request.getAttribute(OPERATION_ATTRIBUTE),
                    e.fault().errorId(), e.faultString());
            request.setAttribute(OUTCOME_ATTRIBUTE, "fault " + e.fault().errorId());
            body = format.fault(e.fault(), e.faultString());
            status = format.faultStatus();
        } catch (TransientDatabaseException e) {
            // Overload or a database away is the server's state, not a bug: one line, no stack trace.
            fault = Fault.SERVER_BUSY;
            LOG.warn("{} {} fault {}: {}", format.name(), request.getAttribute(OPERATION_ATTRIBUTE), fault.errorId(),
                    e.getMessage());
            request.setAttribute(OUTCOME_ATTRIBUTE, "fault " + fault.errorId());
            body = format.fault(fault, fault.defaultText());
            status = format.faultStatus();
        } catch (RuntimeException e) {
            fault = Fault.INTERNAL_ERROR;
            LOG.error("{} {} failed unexpectedly", format.name(), request.getAttribute(OPERATION_ATTRIBUTE), e);
            request.setAttribute(OUTCOME_ATTRIBUTE, "fault " + Fault.INTERNAL_ERROR.errorId());
            body = format.fault(Fault.INTERNAL_ERROR, Fault.INTERNAL_ERROR.defaultText());
            status = format.faultStatus();
        }
        write(response, status, body);
        return fault;
    }

    /** Writes an XML answer (an envelope, or a transport's own document such as the WSDL). */
    public static void write(HttpServletResponse response, int status, String xml) throws IOException {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        // Jetty writes this as text/xml;charset=utf-8; HttpServer restores the exact spelling on the wire.
        response.setContentType(RESPONSE_CONTENT_TYPE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    private String dispatch(HttpServletRequest request, WireFormat format) {
        byte[] body = readBody(request);
        // The raw header: Jetty's getContentType() throws on a charset Java does not know; RequestBody names it.
        WireFormat.Call call = format.read(new RequestBody(request.getHeader("Content-Type"), body), request);
        request.setAttribute(OPERATION_ATTRIBUTE, call.name());
        Operation operation = operations.lookup(call.name());
        format.check(call);
        OrgUser caller = operation.requiresSession() ? caller(call.sessionToken(), request) : null;
        request.setAttribute(CALLER_ATTRIBUTE, caller);
        return format.success(call, operation.handle(new ApiRequest(call.operation(), caller,
                call.sessionToken().orElse(null), request.getRemoteAddr())));
    }

    /**
     * The caller of an operation that requires a session: the session id if the request carries one,
     * else an {@code Authorization: Bearer} access token. Every failure is the session fault, 145 /
     * SP.Admin, on which clients log in again.
     */
    private OrgUser caller(Optional<String> sessionToken, HttpServletRequest request) {
        if (sessionToken.isPresent()) {
            return callers.resolve(sessionToken.get()).orElseThrow(Fault.SESSION_INVALID::exception);
        }
        Optional<String> bearerToken = Credentials.bearerToken(request.getHeader("Authorization"));
        if (bearerToken.isPresent()) {
            return callers.resolveBearer(bearerToken.get()).orElseThrow(Fault.SESSION_INVALID::exception);
        }
        throw Fault.SESSION_INVALID.exception();
    }


    private byte[] readBody(HttpServletRequest request) {
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                // Read (and drop) a bounded rest so the client, still sending, gets to read the fault.
                drain(in, request.getContentLengthLong() - body.length);
            }
        } catch (IOException e) {
            throw new BodyNotReceived(e);
        }
        if (body.length > maxRequestBytes) {
            throw Fault.REQUEST_TOO_LARGE.exception("The request is larger than the " + maxRequestBytes
                    + " bytes this server accepts");
        }
        return body;
    }

    /** Reading the body failed: Jetty's idle timeout on a stalled client, or the client gone. */
    private static final class BodyNotReceived extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyNotReceived(IOException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private static void drain(InputStream in, long remaining) {
        try {
            in.skipNBytes(Math.min(Math.max(0, remaining), DRAIN_LIMIT));
        } catch (IOException e) {
            // The client went away or lied about the length: nothing left to answer politely.
        }
    }
}
