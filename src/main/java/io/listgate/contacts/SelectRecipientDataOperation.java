package io.listgate.contacts;

import io.listgate.api.ApiRequest;
import io.listgate.api.Fault;
import io.listgate.api.Operation;
import io.listgate.api.Result;
import java.util.LinkedHashMap;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * {@code SelectRecipientData}: one contact of a database by EMAIL, RECIPIENT_ID or key/sync COLUMNs. Its
 * dates are in the short form GetLists uses, and {@code CRMLeadSource} is always there (empty: ListGate
 * keeps no lead source), because a client parses the one and dereferences the other without checking.
 */
public final class SelectRecipientDataOperation implements Operation {

    private final ContactDatabaseService contacts;

    public SelectRecipientDataOperation(ContactDatabaseService contacts) {
        this.contacts = contacts;
    }

    @Override
    public String name() {
        return "SelectRecipientData";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        long organizationId = request.caller().organizationId();
        ContactList db = contacts.requireDatabase(organizationId, request.requiredNumber("LIST_ID"));
        Map<String, String> columns = new LinkedHashMap<>();
        for (Element column : request.elements("COLUMN")) {
            String name = ApiRequest.child(column, "NAME").map(ApiRequest::textOf).filter(s -> !s.isEmpty())
                    .orElseThrow(() -> Fault.MISSING_ELEMENT.exception("each COLUMN needs a NAME"));
            columns.put(name, ApiRequest.child(column, "VALUE").map(ApiRequest::textOf).orElse(""));
        }
        Contact contact = contacts.findContact(db, new ContactDatabaseService.ContactQuery(
                request.text("EMAIL").orElse(null), request.number("RECIPIENT_ID").orElse(null), columns))
                .orElseThrow(() -> Fault.NOT_FOUND.exception("No contact of database " + db.id() + " matches the request"));
        String email = contact.email() == null ? "" : contact.email();
        Result result = Result.empty()
                .add("EMAIL", email)
                .add("Email", email)
                .add("RecipientId", contact.recipientId())
                .add("EmailType", contact.emailType())
                .add("LastModified", contact.lastModified())
                .add("CreatedFrom", contact.createdFrom())
                .add("OptedIn", contact.optedIn())
                .add("OptedOut", contact.optedOut())
                .add("ResumeSendDate", "")
                .add("ORGANIZATION_ID", organizationId)
                .add("CRMLeadSource", "");
        if (contact.consentStatus() != null) {
            result.add("CONSENT_STATUS_CODE", contact.consentStatus())
                    .add("CONSENT_DATE", contact.consentDate())
                    .add("CONSENT_SOURCE", contact.consentSource() == null ? "" : contact.consentSource());
        }
        return result.group("COLUMNS", group -> contact.columns().forEach((name, value) ->
                group.group("COLUMN", c -> c.add("NAME", name).add("VALUE", value))));
    }
}
