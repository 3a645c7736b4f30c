package io.listgate.recipients;

import io.listgate.api.ApiException;
import io.listgate.api.ApiRequest;
import io.listgate.api.Fault;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the recipient operations read from a request, by the rules every client needs (spec
 * xmlapi-more §0): any order, unknown children ignored, CDATA read as text, empty as absent, ids of 0
 * as absent; inside COLUMN and SYNC_FIELD only NAME and VALUE count.
 */
final class RecipientRequest {

    private RecipientRequest() {
    }

    /** A required id element (LIST_ID, CONTACT_LIST_ID): 100 when absent or 0, 106 when not a number. */
    static long requiredListId(ApiRequest request, String name) {
        Optional<Long> id;
        try {
            id = request.id(name);
        } catch (ApiException e) {
            throw Fault.LIST_ID_INVALID.exception();
        }
        return id.orElseThrow(() -> notProvided(name));
    }

    /** A positive id element or empty (0 and empty are absent); a bad number is the usual fault. */
    static Optional<Long> id(ApiRequest request, String name) {
        return request.id(name);
    }

    static ApiException notProvided(String name) {
        return Fault.PARAMETER_MISSING.exception("Parameter \"" + name + "\" was not provided in API call");
    }

    /** {@code COLUMN*}: NAME → VALUE in request order (a later COLUMN of the same name wins); 316 without NAME. */
    static Map<String, String> columns(ApiRequest request) {
        return pairs(request.elements("COLUMN"), Fault.COLUMN_WITHOUT_NAME);
    }

    /** {@code SYNC_FIELDS/SYNC_FIELD*}: NAME → VALUE; 329 without NAME. */
    static Map<String, String> syncFields(ApiRequest request) {
        List<Element> fields = new ArrayList<>();
        for (Element group : request.elements("SYNC_FIELDS")) {
            fields.addAll(children(group, "SYNC_FIELD"));
        }
        return pairs(fields, Fault.SYNC_FIELD_WITHOUT_NAME);
    }

    private static Map<String, String> pairs(List<Element> elements, Fault withoutName) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Element element : elements) {
            String name = ApiRequest.child(element, "NAME").map(ApiRequest::textOf).filter(s -> !s.isEmpty())
                    .orElseThrow(withoutName::exception);
            out.put(name, ApiRequest.child(element, "VALUE").map(ApiRequest::textOf).orElse(""));
        }
        return out;
    }

    /**
     * {@code CONTACT_LISTS}: its {@code CONTACT_LIST_ID} children, and the shapes two clients send
     * instead: the element repeated with one id each (as its text or child), and {@code CONTACT_LIST}
     * children. Empty and 0 ids are absent.
     */
    static List<Long> contactLists(ApiRequest request) {
        List<Long> ids = new ArrayList<>();
        for (Element group : request.elements("CONTACT_LISTS")) {
            List<Element> items = new ArrayList<>(children(group, "CONTACT_LIST_ID"));
            items.addAll(children(group, "CONTACT_LIST"));
            List<String> texts = items.isEmpty() ? List.of(ApiRequest.textOf(group))
                    : items.stream().map(ApiRequest::textOf).toList();
            for (String text : texts) {
                if (text.isEmpty()) {
                    continue;
                }
                long id;
                try {
                    id = Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw Fault.LIST_ID_INVALID.exception("List ID is not valid. CONTACT_LIST_ID '" + text + "' is not a number");
                }
                if (id != 0 && !ids.contains(id)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(ApiRequest.localName(e))) {
                out.add(e);
            }
        }
        return out;
    }
}
