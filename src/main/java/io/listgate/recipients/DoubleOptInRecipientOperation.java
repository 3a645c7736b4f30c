package io.listgate.recipients;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code DoubleOptInRecipient} (spec xmlapi-more §5): LIST_ID and COLUMNs with EMAIL; AUTO_HTML is
 * taken as ALLOW_HTML, TABLES ignored; RecipientId and ORGANIZATION_ID out. */
public final class DoubleOptInRecipientOperation implements Operation {

    private final RecipientService recipients;

    public DoubleOptInRecipientOperation(RecipientService recipients) {
        this.recipients = recipients;
    }

    @Override
    public String name() {
        return "DoubleOptInRecipient";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        long organizationId = request.caller().organizationId();
        request.flag("SEND_AUTOREPLY", false);
        request.flag("ALLOW_HTML", request.flag("AUTO_HTML", false));
        long recipientId = recipients.doubleOptIn(organizationId, RecipientRequest.requiredListId(request, "LIST_ID"),
                RecipientRequest.columns(request));
        return Result.empty().add("RecipientId", recipientId).add("ORGANIZATION_ID", organizationId);
    }
}
