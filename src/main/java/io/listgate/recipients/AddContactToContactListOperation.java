package io.listgate.recipients;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code AddContactToContactList} (spec xmlapi-more §6): CONTACT_LIST_ID and CONTACT_ID (0 or empty is
 * absent) or COLUMNs; exactly {@code <SUCCESS>TRUE</SUCCESS>} out, upper case on both transports. */
public final class AddContactToContactListOperation implements Operation {

    private final RecipientService recipients;

    public AddContactToContactListOperation(RecipientService recipients) {
        this.recipients = recipients;
    }

    @Override
    public String name() {
        return "AddContactToContactList";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        long organizationId = request.caller().organizationId();
        recipients.addToContactList(organizationId, RecipientRequest.requiredListId(request, "CONTACT_LIST_ID"),
                RecipientRequest.id(request, "CONTACT_ID").orElse(null), RecipientRequest.columns(request));
        return Result.empty().success("TRUE");
    }
}
