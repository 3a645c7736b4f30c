package io.listgate.contacts;

import io.listgate.api.ApiRequest;
import io.listgate.api.Fault;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code CreateContactList}: DATABASE_ID, CONTACT_LIST_NAME, VISIBILITY in; CONTACT_LIST_ID out. */
public final class CreateContactListOperation implements Operation {

    private final ContactDatabaseService contacts;

    public CreateContactListOperation(ContactDatabaseService contacts) {
        this.contacts = contacts;
    }

    @Override
    public String name() {
        return "CreateContactList";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        long databaseId = request.requiredNumber("DATABASE_ID");
        String name = request.required("CONTACT_LIST_NAME");
        if (name.length() > 255) {
            throw Fault.INVALID_VALUE.exception("CONTACT_LIST_NAME is longer than 255 characters");
        }
        int visibility = (int) request.requiredNumber("VISIBILITY");
        if (visibility != 0 && visibility != 1) {
            throw Fault.INVALID_VALUE.exception("VISIBILITY must be 0 (private) or 1 (shared)");
        }
        ContactList list = contacts.createContactList(request.caller().organizationId(), request.caller().userId(),
                databaseId, name, visibility, request.text("PARENT_FOLDER_PATH").orElse(null));
        return Result.empty().add("CONTACT_LIST_ID", list.id());
    }
}
