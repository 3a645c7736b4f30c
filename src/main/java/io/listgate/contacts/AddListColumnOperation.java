package io.listgate.contacts;

import io.listgate.api.ApiRequest;
import io.listgate.api.Fault;
import io.listgate.api.Operation;
import io.listgate.api.Result;
import java.util.List;
import java.util.function.LongPredicate;
import org.w3c.dom.Element;

/**
 * {@code AddListColumn} (spec xmlapi-more.md §10): a new column of a database, usable at once.
 * {@code importPending} tells whether an import of a database waits or runs (ADR 16).
 */
public final class AddListColumnOperation implements Operation {

    private final ContactDatabaseService contacts;
    private final LongPredicate importPending;

    public AddListColumnOperation(ContactDatabaseService contacts, LongPredicate importPending) {
        this.contacts = contacts;
        this.importPending = importPending;
    }

    @Override
    public String name() {
        return "AddListColumn";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        ContactList list = ListIdElement.list(contacts, request);
        if (list.isContactList()) {
            throw Fault.LIST_TYPE_WRONG.exception("List is not the right type for this API: " + list.id()
                    + " is a contact list; add the column to its database " + list.parentId() + ".");
        }
        String name = request.text("COLUMN_NAME").orElseThrow(() ->
                Fault.PARAMETER_MISSING.exception("Parameter \"COLUMN_NAME\" was not provided in API call"));
        // J sends <COLUMN_TYPE>0</COLUMN_TYPE> when unset: 0 is text, the usual default (spec §0).
        String typeText = request.text("COLUMN_TYPE").orElseThrow(() ->
                Fault.PARAMETER_MISSING.exception("Parameter \"COLUMN_TYPE\" was not provided in API call"));
        int type;
        try {
            type = Integer.parseInt(typeText);
        } catch (NumberFormatException e) {
            throw Fault.COLUMN_TYPE_INVALID.exception("Column is not the right type for this API: COLUMN_TYPE '" + typeText
                    + "' is not a type code.");
        }
        List<String> selection = request.elements("SELECTION_VALUES").stream()
                .flatMap(values -> childValues(values).stream()).toList();
        contacts.addListColumn(list, new ColumnSpec(name, type, false, false, request.text("DEFAULT").orElse(null),
                selection.isEmpty() ? null : String.join(";", selection)), importPending);
        return Result.empty();
    }

    private static List<String> childValues(Element values) {
        return ApiRequest.children(values, "VALUE").stream().map(ApiRequest::textOf).filter(v -> !v.isEmpty()).toList();
    }
}
