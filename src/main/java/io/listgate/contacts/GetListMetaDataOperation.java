package io.listgate.contacts;

import io.listgate.api.ApiRequest;
import io.listgate.api.Operation;
import io.listgate.api.Result;
import java.util.Arrays;
import java.util.List;

/**
 * {@code GetListMetaData} (spec xmlapi-more.md §9): a database's or contact list's counts, dates and
 * columns. Every element is always there, numbers never empty, column TYPE an integer code; a contact
 * list answers with its database's columns and PARENT_DATABASE_ID, which a database leaves empty.
 */
public final class GetListMetaDataOperation implements Operation {

    private final ContactDatabaseService contacts;

    public GetListMetaDataOperation(ContactDatabaseService contacts) {
        this.contacts = contacts;
    }

    @Override
    public String name() {
        return "GetListMetaData";
    }

    @Override
    public boolean requiresSession() {
        return true;
    }

    @Override
    public Result handle(ApiRequest request) {
        ContactList list = ListIdElement.list(contacts, request);
        ContactList db = contacts.databaseOf(list);
        ContactDatabaseService.Size size = contacts.size(list);
        List<ListColumn> columns = contacts.columns(db.id());
        Result result = GetListsOperation.identity(Result.empty(), list, size)
                .add("LAST_CONFIGURED", list.lastModified())
                .add("CREATED", list.createdAt())
                .add("VISIBILITY", list.visibility())
                .add("USER_ID", list.userId() == null ? 0 : list.userId())
                .add("ORGANIZATION_ID", list.organizationId())
                .add("PARENT_DATABASE_ID", list.isContactList() ? list.parentId() : null)
                .add("OPT_IN_FORM_DEFINED", "false")
                .add("OPT_OUT_FORM_DEFINED", "false")
                .add("PROFILE_FORM_DEFINED", "false")
                .add("OPT_IN_AUTOREPLY_DEFINED", "false")
                .add("PROFILE_AUTOREPLY_DEFINED", "false");
        result.group("COLUMNS", group -> {
            // pysilverpop reads a VALUE in every COLUMN (spec §9, choice)
            ContactDatabaseService.SYSTEM_COLUMNS.forEach(name -> group.group("COLUMN", c -> c.add("NAME", name).add("VALUE", "")));
            for (ListColumn column : columns) {
                group.group("COLUMN", c -> {
                    c.add("NAME", column.name())
                            .add("TYPE", column.columnType())
                            .add("DEFAULT_VALUE", column.defaultValue())
                            .add("VALUE", "");
                    if (column.columnType() == ListColumn.SELECT_ONE || column.columnType() == ListColumn.MULTI_SELECT) {
                        c.group("SELECTION_VALUES", values -> selectionValues(column).forEach(v -> values.add("VALUE", v)));
                    }
                });
            }
        });
        return result.group("KEY_COLUMNS", keys -> keyColumns(db, columns)
                .forEach(name -> keys.group("COLUMN", c -> c.add("NAME", name))));
    }

    private static List<String> selectionValues(ListColumn column) {
        return column.selectionValues() == null ? List.of()
                : Arrays.stream(column.selectionValues().split(";")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    /** The database's unique key: EMAIL, its key columns, or none for a database without one. */
    private static List<String> keyColumns(ContactList db, List<ListColumn> columns) {
        return switch (db.keyKind()) {
            case EMAIL -> List.of("EMAIL");
            case COLUMNS -> columns.stream().filter(ListColumn::key).map(ListColumn::name).toList();
            case NONE -> List.of();
        };
    }
}
