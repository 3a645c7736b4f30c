package io.listgate.contacts;

import io.listgate.api.ApiRequest;
import io.listgate.api.Fault;
import io.listgate.api.Operation;
import io.listgate.api.Result;
import io.listgate.user.OrgUser;
import java.util.List;

/**
 * {@code GetLists}: the organization's databases and contact lists, filtered by VISIBILITY and LIST_TYPE.
 * Each LIST has every element of the spec, since clients read them without checking: numbers are never
 * empty ({@code 0} for none), booleans are lower-case {@code true}/{@code false}.
 */
public final class GetListsOperation implements Operation {

    private final ContactDatabaseService contacts;

    public GetListsOperation(ContactDatabaseService contacts) {
        this.contacts = contacts;
    }

    @Override
    public String name() {
        return "GetLists";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        OrgUser caller = request.caller();
        Integer visibility = request.number("VISIBILITY").map(Long::intValue).orElse(null);
        if (visibility != null && visibility != 0 && visibility != 1) {
            throw Fault.INVALID_VALUE.exception("VISIBILITY must be 0 (private) or 1 (shared)");
        }
        List<Integer> types = request.number("LIST_TYPE").map(t -> typesOf(t.intValue())).orElse(null);
        Result result = Result.empty();
        for (ContactList list : contacts.lists(caller.organizationId(), visibility, types)) {
            ContactDatabaseService.Size size = contacts.size(list);
            String parentName = list.parentId() == null ? "" : contacts.find(caller.organizationId(), list.parentId())
                    .map(ContactList::name).orElse("");
            result.group("LIST", l -> identity(l, list, size)
                    .add("VISIBILITY", list.visibility())
                    .add("PARENT_NAME", parentName)
                    .add("USER_ID", list.userId() == null ? 0 : list.userId())
                    // a folder's id, and ListGate has no folders: a contact list's database is PARENT_NAME
                    .add("PARENT_FOLDER_ID", 0)
                    .add("IS_FOLDER", "false")
                    .add("FLAGGED_FOR_BACKUP", "false")
                    .add("SUPPRESSION_LIST_ID", 0)
                    .add("IS_DATABASE_TEMPLATE", "false"));
        }
        return result;
    }

    /** ID to LAST_MODIFIED, the elements GetLists' LIST and GetListMetaData begin with. */
    static Result identity(Result result, ContactList list, ContactDatabaseService.Size size) {
        return result.add("ID", list.id())
                .add("NAME", list.name())
                .add("TYPE", list.listType())
                .add("SIZE", size.size())
                .add("NUM_OPT_OUTS", size.optedOut())
                .add("NUM_UNDELIVERABLE", 0)
                .add("LAST_MODIFIED", list.lastModified());
    }

    /** LIST_TYPE codes of the request to the list types stored; queries and test lists do not exist here. */
    private static List<Integer> typesOf(int code) {
        return switch (code) {
            case 0 -> List.of(ContactList.DATABASE);
            case 2 -> List.of(ContactList.DATABASE, ContactList.CONTACT_LIST);
            case 6 -> List.of(ContactList.SEED_LIST);
            case 13 -> List.of(ContactList.SUPPRESSION_LIST);
            case 18 -> List.of(ContactList.CONTACT_LIST);
            case 1, 5 -> List.of(-1);
            default -> throw Fault.INVALID_VALUE.exception("LIST_TYPE " + code + " is not one of 0, 1, 2, 5, 6, 13, 18");
        };
    }
}
