package io.listgate.recipients;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code RemoveRecipient} (spec xmlapi-more §4): LIST_ID (a database or a contact list), EMAIL and/or
 * COLUMNs; SUCCESS and ORGANIZATION_ID out. */
public final class RemoveRecipientOperation implements Operation {

    private final RecipientService recipients;

    public RemoveRecipientOperation(RecipientService recipients) {
        this.recipients = recipients;
    }

    @Override
    public String name() {
        return "RemoveRecipient";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        long organizationId = request.caller().organizationId();
        recipients.remove(organizationId, RecipientRequest.requiredListId(request, "LIST_ID"),
                request.text("EMAIL").orElse(null), RecipientRequest.columns(request));
        return Result.empty().add("ORGANIZATION_ID", organizationId);
    }
}
