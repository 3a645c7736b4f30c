package io.listgate.contacts;

import io.listgate.api.ApiRequest;
import io.listgate.api.Fault;

/**
 * {@code LIST_ID} of the list operations with the vendor's faults (spec xmlapi-more.md §12): absent
 * is 100, not a number 106, a list this organization does not have 108.
 */
final class ListIdElement {

    private ListIdElement() {
    }

    /** The list named by the request's LIST_ID, a database or a contact list, of the caller's organization. */
    static ContactList list(ContactDatabaseService contacts, ApiRequest request) {
        String text = request.text("LIST_ID").orElseThrow(() ->
                Fault.PARAMETER_MISSING.exception("Parameter \"LIST_ID\" was not provided in API call"));
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw Fault.LIST_ID_INVALID.exception("List ID is not valid.");
        }
        return contacts.find(request.caller().organizationId(), id).orElseThrow(() ->
                Fault.LIST_NOT_FOUND.exception("List with id " + id + " Does Not Exist."));
    }
}
