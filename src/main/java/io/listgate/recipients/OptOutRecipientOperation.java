package io.listgate.recipients;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;

/** {@code OptOutRecipient} (spec xmlapi-more §3): LIST_ID and EMAIL (or MAILING_ID, RECIPIENT_ID and
 * JOB_ID together; 0 is absent), key COLUMNs on a database keyed on them; the literal
 * {@code <SUCCESS>SUCCESS</SUCCESS>} and ORGANIZATION_ID out. */
public final class OptOutRecipientOperation implements Operation {

    private final RecipientService recipients;

    public OptOutRecipientOperation(RecipientService recipients) {
        this.recipients = recipients;
    }

    @Override
    public String name() {
        return "OptOutRecipient";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        long organizationId = request.caller().organizationId();
        long listId = RecipientRequest.requiredListId(request, "LIST_ID");
        Long recipientId = RecipientRequest.id(request, "RECIPIENT_ID").orElse(null);
        boolean byRecipientId = recipientId != null && RecipientRequest.id(request, "MAILING_ID").isPresent()
                && RecipientRequest.id(request, "JOB_ID").isPresent();
        recipients.optOut(organizationId, listId, request.text("EMAIL").orElse(null), recipientId, byRecipientId,
                RecipientRequest.columns(request));
        return Result.empty().success("SUCCESS").add("ORGANIZATION_ID", organizationId);
    }
}
