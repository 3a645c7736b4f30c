package io.listgate.api;

import io.listgate.user.OrgUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * An operation element as a client sent it, plus who is calling. Values are trimmed; CDATA is
 * read as text; an empty element counts as absent.
 */
public final class ApiRequest {

    private final Element operation;
    private final OrgUser caller;
    private final String sessionToken;
    private final String clientAddress;

    public ApiRequest(Element operation, OrgUser caller, String sessionToken) {
        this(operation, caller, sessionToken, null);
    }

    /** {@code clientAddress}: the address the request came from, for throttling failed logins per address. */
    public ApiRequest(Element operation, OrgUser caller, String sessionToken, String clientAddress) {
        this.operation = operation;
        this.caller = caller;
        this.sessionToken = sessionToken;
        this.clientAddress = clientAddress;
    }

    public String operationName() {
        return localName(operation);
    }

    /** The signed-in user; only for operations that require a session. */
    public OrgUser caller() {
        if (caller == null) {
            throw new IllegalStateException(operationName() + " is not declared to require a session");
        }
        return caller;
    }

    public Optional<String> clientAddress() {
        return Optional.ofNullable(clientAddress);
    }

    public Optional<String> sessionToken() {
        return Optional.ofNullable(sessionToken);
    }

    public Optional<String> text(String name) {
        return child(operation, name).map(ApiRequest::textOf).filter(s -> !s.isEmpty());
    }

    public String required(String name) {
        return text(name).orElseThrow(() -> Fault.MISSING_ELEMENT.exception(
                operationName() + " needs a non-empty " + name + " element"));
    }

    public Optional<Long> number(String name) {
        return text(name).map(value -> {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw Fault.INVALID_VALUE.exception(name + " must be a whole number, not '" + value + "'");
            }
        });
    }

    public long requiredNumber(String name) {
        required(name);
        return number(name).orElseThrow();
    }

    /**
     * An id where 0 means "not given" (spec xmlapi-more §0: one client sends unset ids as 0), as
     * a positive number or empty.
     */
    public Optional<Long> id(String name) {
        return number(name).filter(n -> n != 0);
    }

    /**
     * A boolean flag in any spelling clients send (spec xmlapi-more §0): {@code true}, {@code TRUE},
     * {@code yes}, {@code 1} or their opposites, any case; absent or empty is {@code absent}.
     */
    public boolean flag(String name, boolean absent) {
        return text(name).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw Fault.INVALID_VALUE.exception(name + " must be true or false, not '" + value + "'");
        }).orElse(absent);
    }

    /** A presence flag such as ADD_TO_STORED_FILES: an empty element is true, absent false. */
    public boolean presenceFlag(String name) {
        return child(operation, name).isPresent() && flag(name, true);
    }

    /** Child elements named {@code name}, for repeated groups such as COLUMN. */
    public List<Element> elements(String name) {
        return children(operation, name);
    }

    /** Child elements of {@code parent} named {@code name}, in document order. */
    public static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(localName(e))) {
                out.add(e);
            }
        }
        return out;
    }

    public static Optional<Element> child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(localName(e))) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public static String textOf(Element element) {
        return element.getTextContent().strip();
    }

    public static String localName(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }
}
