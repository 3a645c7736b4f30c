package io.listgate.recipients;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code AddRecipient} (spec xmlapi-more §1): LIST_ID, COLUMNs, optional SYNC_FIELDS, CONTACT_LISTS and
 * flags in; RecipientId (that exact case) and ORGANIZATION_ID out, also when UPDATE_IF_FOUND updated.
 * SEND_AUTOREPLY, ALLOW_HTML, VISITOR_KEY and CREATED_FROM are read and have no effect here. */
public final class AddRecipientOperation implements Operation {

    private final RecipientService recipients;

    public AddRecipientOperation(RecipientService recipients) {
        this.recipients = recipients;
    }

    @Override
    public String name() {
        return "AddRecipient";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        long organizationId = request.caller().organizationId();
        // read so that a value no spelling allows is a fault; ListGate sends no mail and keeps no HTML preference
        request.flag("SEND_AUTOREPLY", false);
        request.flag("ALLOW_HTML", false);
        long recipientId = recipients.add(organizationId, new RecipientService.Addition(
                RecipientRequest.requiredListId(request, "LIST_ID"), RecipientRequest.columns(request),
                RecipientRequest.syncFields(request), RecipientRequest.contactLists(request),
                request.flag("UPDATE_IF_FOUND", false)));
        return Result.empty().add("RecipientId", recipientId).add("ORGANIZATION_ID", organizationId);
    }
}
