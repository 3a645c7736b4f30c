package io.listgate.recipients;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code UpdateRecipient} (spec xmlapi-more §2): LIST_ID, the contact by RECIPIENT_ID,
 * ENCODED_RECIPIENT_ID, OLD_EMAIL, SYNC_FIELDS or key COLUMNs, new values as COLUMNs; RecipientId out. */
public final class UpdateRecipientOperation implements Operation {

    private final RecipientService recipients;

    public UpdateRecipientOperation(RecipientService recipients) {
        this.recipients = recipients;
    }

    @Override
    public String name() {
        return "UpdateRecipient";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        long organizationId = request.caller().organizationId();
        request.flag("SEND_AUTOREPLY", false);
        request.flag("ALLOW_HTML", false);
        long recipientId = recipients.update(organizationId, RecipientRequest.requiredListId(request, "LIST_ID"),
                new RecipientService.Lookup(RecipientRequest.id(request, "RECIPIENT_ID").orElse(null),
                        request.text("ENCODED_RECIPIENT_ID").orElse(null), request.text("OLD_EMAIL").orElse(null),
                        RecipientRequest.syncFields(request)),
                RecipientRequest.columns(request));
        return Result.empty().add("RecipientId", recipientId).add("ORGANIZATION_ID", organizationId);
    }
}
