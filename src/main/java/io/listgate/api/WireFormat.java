package io.listgate.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.w3c.dom.Element;

/**
 * What one API transport adds to {@link ApiDispatcher}: where its envelope keeps the operation
 * element and the session id, and how its answers look on the wire. Implementations convert and
 * throw {@link ApiException}; they neither log nor catch.
 */
public interface WireFormat {

    /** The operation element a request carries, and its session id if it names one. */
    record Call(Element operation, Optional<String> sessionToken) {

        public String name() {
            return ApiRequest.localName(operation);
        }
    }

    /** The transport as log lines name it, e.g. {@code XMLAPI}. */
    String name();

    /** Finds the call in a body that is within the size limit. */
    Call read(RequestBody body, HttpServletRequest request);

    /**
     * Refuses a call that names a known operation in a way this transport does not allow. Runs after
     * the registry lookup, so that an unknown name gets the registry's fault listing the known ones.
     */
    default void check(Call call) {
    }

    /** The answer to a call whose operation returned {@code result}. */
    String success(Call call, Result result);

    /** The answer to a failed call. */
    String fault(Fault fault, String faultString);

    /** The HTTP status of a fault answer (success is always 200). */
    int faultStatus();
}
