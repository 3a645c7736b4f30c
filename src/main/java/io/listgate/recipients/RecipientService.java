package io.listgate.recipients;

import io.listgate.api.ApiException;
import io.listgate.api.Fault;
import io.listgate.api.Operation;
import io.listgate.contacts.ColumnNames;
import io.listgate.contacts.ContactDatabaseService;
import io.listgate.contacts.ContactList;
import io.listgate.contacts.KeyKind;
import io.listgate.contacts.ListColumn;
import io.listgate.importjob.RowError;
import io.listgate.importjob.SingleContactImport;
import io.listgate.importjob.SingleContactImport.Applied;
import io.listgate.importjob.SingleContactImport.Outcome;
import io.listgate.importjob.SingleContactImport.Refused;
import io.listgate.importjob.SingleContactImport.Row;
import io.listgate.mapping.Action;
import io.listgate.mapping.ImportMapping;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The recipient operations' rules on top of the one-row import (spec xmlapi-more §1–6): which
 * database, which contact, and which vendor fault each refusal is. Column and SYNC_FIELD names match
 * the database's columns without regard to case; the database's spelling is what is used.
 */
public final class RecipientService {

    static final String EMAIL = "EMAIL";
    static final String RECIPIENT_ID = "RECIPIENT_ID";

    private final ContactDatabaseService contacts;
    private final SingleContactImport rows;

    public RecipientService(ContactDatabaseService contacts, SingleContactImport rows) {
        this.contacts = contacts;
        this.rows = rows;
    }

    /** The operations this feature answers. */
    public List<Operation> operations() {
        return List.of(new AddRecipientOperation(this), new UpdateRecipientOperation(this), new OptOutRecipientOperation(this),
                new RemoveRecipientOperation(this), new DoubleOptInRecipientOperation(this),
                new AddContactToContactListOperation(this));
    }

    /** A database of the organization; anything else (missing, another organization's, a contact list) is 108. */
    ContactList database(long organizationId, long listId) {
        return contacts.find(organizationId, listId).filter(l -> !l.isContactList())
                .orElseThrow(() -> listDoesNotExist(listId));
    }

    /** A database or a contact list of the organization, or 108. */
    ContactList list(long organizationId, long listId) {
        return contacts.find(organizationId, listId).orElseThrow(() -> listDoesNotExist(listId));
    }

    /** A contact list of the organization, or 108. */
    ContactList contactList(long organizationId, long listId) {
        return contacts.find(organizationId, listId).filter(ContactList::isContactList)
                .orElseThrow(() -> listDoesNotExist(listId));
    }

    static ApiException listDoesNotExist(long listId) {
        return Fault.LIST_NOT_FOUND.exception("List with id " + listId + " Does Not Exist.");
    }

    /** A database with its columns, read once per call. */
    record Target(ContactList db, List<ListColumn> columns) {
    }

    Target target(ContactList db) {
        return new Target(db, contacts.columns(db.id()));
    }

    /**
     * Request names as the row's field names: a database column in its own spelling, or a system
     * field (EMAIL, OPTED_OUT, ...) in upper case; any case matches. Anything else is 1007.
     */
    static Map<String, String> fields(Target target, Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        given.forEach((name, value) -> out.put(fieldName(target, name), value));
        return out;
    }

    static String fieldName(Target target, String name) {
        for (ListColumn column : target.columns()) {
            if (column.name().equals(name)) {
                return name;
            }
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (ImportMapping.isSystemName(upper)) {
            return upper;
        }
        return ColumnNames.find(target.columns(), name).map(ListColumn::name)
                .orElseThrow(() -> Fault.COLUMN_DOES_NOT_EXIST.exception("Column Does Not Exist in List: '" + name
                        + "' is not a column of database " + target.db().id()));
    }

    /**
     * SYNC_FIELDS as field names, their values merged into {@code fields} (they identify the
     * contact, so they win over a COLUMN of the same name). EMAIL identifies a contact on its own.
     */
    static List<String> syncNames(Target target, Map<String, String> sync, Map<String, String> fields) {
        List<String> names = new ArrayList<>();
        sync.forEach((name, value) -> {
            String field = fieldName(target, name);
            names.add(field);
            fields.put(field, value);
        });
        if (names.size() > 1 && (names.contains(EMAIL) || names.contains(RECIPIENT_ID))) {
            throw Fault.INVALID_VALUE.exception("SYNC_FIELDS: EMAIL or RECIPIENT_ID identifies a contact alone;"
                    + " do not combine it with other fields");
        }
        return names;
    }

    /** Makes matching on these columns indexed (DDL, so before the call's transaction). */
    void indexed(Target target, List<String> names) {
        List<ListColumn> matched = target.columns().stream().filter(c -> names.contains(c.name())).toList();
        if (!matched.isEmpty()) {
            contacts.ensureIndexed(target.db(), matched);
        }
    }

    /**
     * How a contact is found from EMAIL and COLUMNs when no SYNC_FIELDS say it (OptOutRecipient,
     * RemoveRecipient, DoubleOptInRecipient, AddContactToContactList): by the database's key columns
     * when they are all given, else by EMAIL (every contact with that address), else by the given
     * columns (a database without a unique key).
     */
    List<String> identifyingFields(Target target, Map<String, String> fields, String missing) {
        List<String> keys = target.columns().stream().filter(ListColumn::key).map(ListColumn::name).toList();
        if (target.db().keyKind() == KeyKind.COLUMNS && fields.keySet().containsAll(keys)) {
            return List.of();
        }
        if (fields.containsKey(EMAIL)) {
            return List.of(EMAIL);
        }
        List<String> given = fields.keySet().stream().filter(n -> !ImportMapping.isSystemName(n)).toList();
        if (given.isEmpty() || target.db().keyKind() != KeyKind.NONE) {
            throw RecipientRequest.notProvided(missing);
        }
        indexed(target, given);
        return given;
    }

    /** Writes the row; a refusal becomes the vendor's fault for it. */
    Outcome apply(Target target, Row row) {
        Outcome outcome = rows.apply(target.db(), target.columns(), row);
        if (outcome instanceof Refused refused) {
            throw fault(refused.error(), row);
        }
        return outcome;
    }

    /** The contacts the row identifies, without changing them. */
    List<Long> matches(Target target, Row row) {
        return rows.withMatches(target.db(), target.columns(), row, (c, store, refused, ids) -> {
            if (refused != null) {
                throw fault(refused, row);
            }
            return ids;
        });
    }

    /** Runs a call made of several steps as one transaction. */
    <T> T transaction(Supplier<T> work) {
        return rows.transaction(work);
    }

    /** The vendor fault for a row an import would have refused (spec xmlapi-more §1, §12). */
    static ApiException fault(RowError error, Row row) {
        String detail = error.message() + (error.value() == null ? "" : " (" + error.value() + ")");
        return switch (error.reason()) {
            case MISSING_EMAIL -> row.action() == Action.ADD_ONLY || row.action() == Action.ADD_AND_UPDATE
                    ? Fault.NO_EMAIL_PROVIDED.exception() : RecipientRequest.notProvided(EMAIL);
            case BAD_EMAIL -> Fault.EMAIL_INVALID.exception("Email Address is Invalid: " + error.value());
            case REQUIRED_EMPTY, MISSING_KEY -> Fault.MISSING_COLUMN_VALUE.exception("Missing Required Column Value: " + detail);
            case EXISTS, DUPLICATE -> Fault.RECIPIENT_EXISTS.exception();
            default -> Fault.ERROR_ADDING_RECIPIENT.exception("Error Adding Recipient: |"
                    + Optional.ofNullable(row.fields().get(EMAIL)).orElse("") + "|: " + detail);
        };
    }

    /** The RecipientId of a changed contact. */
    static long recipientId(Outcome outcome, ApiException otherwise) {
        if (outcome instanceof Applied applied) {
            return applied.recipientId();
        }
        throw otherwise;
    }

    /** What AddRecipient gives: COLUMNs, SYNC_FIELDS, contact lists and UPDATE_IF_FOUND. */
    record Addition(long listId, Map<String, String> columns, Map<String, String> syncFields, List<Long> contactLists,
                    boolean updateIfFound) {
    }

    /** AddRecipient (§1): adds the contact, or with UPDATE_IF_FOUND updates the one its key finds; its RecipientId. */
    public long add(long organizationId, Addition addition) {
        Target target = target(database(organizationId, addition.listId()));
        Map<String, String> fields = fields(target, addition.columns());
        List<String> sync = syncNames(target, addition.syncFields(), fields);
        if (fields.isEmpty()) {
            throw RecipientRequest.notProvided("COLUMN");
        }
        for (Long listId : addition.contactLists()) {
            contacts.find(organizationId, listId).filter(l -> l.isContactList() && l.parentId() != null
                    && l.parentId() == target.db().id()).orElseThrow(() -> listDoesNotExist(listId));
        }
        indexed(target, sync);
        Row row = new Row(addition.updateIfFound() ? Action.ADD_AND_UPDATE : Action.ADD_ONLY, fields, sync,
                addition.contactLists(), false);
        return recipientId(apply(target, row), Fault.ERROR_ADDING_RECIPIENT.exception("Error Adding Recipient: |"
                + Optional.ofNullable(fields.get(EMAIL)).orElse("") + "|"));
    }

    /** How UpdateRecipient finds its contact (§2): at most one of these is used, in this order. */
    record Lookup(Long recipientId, String encodedRecipientId, String oldEmail, Map<String, String> syncFields) {
    }

    /** UpdateRecipient (§2): the oldest contact found gets the COLUMNs' values; its RecipientId. */
    public long update(long organizationId, long listId, Lookup lookup, Map<String, String> columns) {
        Target target = target(database(organizationId, listId));
        Map<String, String> fields = fields(target, columns);
        ApiException notFound = Fault.RECIPIENT_NOT_UPDATED.exception();
        Long byId = lookup.recipientId();
        if (byId == null && lookup.encodedRecipientId() != null) {
            // ListGate's recipient ids are not encoded: a number is taken as it is, anything else finds no one.
            try {
                byId = Long.parseLong(lookup.encodedRecipientId());
            } catch (NumberFormatException e) {
                throw notFound;
            }
        }
        String newEmail = fields.get(EMAIL);
        boolean emailKeyed = target.db().keyKind() == KeyKind.EMAIL;
        if (byId == null && lookup.oldEmail() != null) {
            if (newEmail == null || newEmail.equalsIgnoreCase(lookup.oldEmail())) {
                fields.put(EMAIL, lookup.oldEmail());
                return updated(target, new Row(Action.UPDATE_ONLY, fields, List.of(EMAIL), List.of(), true), notFound);
            }
            if (emailKeyed) {
                throw Fault.EMAIL_IS_UNIQUE_KEY.exception();
            }
            // A new address for the contact found by its old one: found and changed in one transaction.
            Map<String, String> old = new LinkedHashMap<>(Map.of(EMAIL, lookup.oldEmail()));
            return transaction(() -> {
                List<Long> found = matches(target, new Row(Action.UPDATE_ONLY, old, List.of(EMAIL), List.of(), true));
                if (found.isEmpty()) {
                    throw notFound;
                }
                fields.put(RECIPIENT_ID, String.valueOf(found.get(0)));
                return updated(target, Row.of(Action.UPDATE_ONLY, fields), notFound);
            });
        }
        List<String> sync = List.of();
        if (byId != null) {
            fields.put(RECIPIENT_ID, String.valueOf(byId));
        } else if (!lookup.syncFields().isEmpty()) {
            sync = syncNames(target, lookup.syncFields(), fields);
            indexed(target, sync);
        } else if (fields.isEmpty()) {
            throw RecipientRequest.notProvided(RECIPIENT_ID);
        }
        Row row = new Row(Action.UPDATE_ONLY, fields, sync, List.of(), true);
        if (emailKeyed && newEmail != null && (byId != null || !sync.isEmpty() && !sync.contains(EMAIL))) {
            // The EMAIL of an EMAIL-keyed database is its key: naming another address is changing it (326).
            List<String> identifying = sync;
            return transaction(() -> {
                List<Long> target1 = matches(target, new Row(Action.UPDATE_ONLY, withoutEmail(fields), identifying,
                        List.of(), true));
                if (target1.isEmpty()) {
                    throw notFound;
                }
                List<Long> owner = matches(target, new Row(Action.UPDATE_ONLY, Map.of(EMAIL, newEmail), List.of(EMAIL),
                        List.of(), true));
                if (!owner.equals(target1)) {
                    throw Fault.EMAIL_IS_UNIQUE_KEY.exception();
                }
                return updated(target, row, notFound);
            });
        }
        return updated(target, row, notFound);
    }

    private static Map<String, String> withoutEmail(Map<String, String> fields) {
        Map<String, String> out = new LinkedHashMap<>(fields);
        out.remove(EMAIL);
        return out;
    }

    private long updated(Target target, Row row, ApiException notFound) {
        return recipientId(apply(target, row), notFound);
    }

    /** OptOutRecipient (§3): opts out the contacts EMAIL (or the key COLUMNs, or RECIPIENT_ID) find. */
    public void optOut(long organizationId, long listId, String email, Long recipientId, boolean byRecipientId,
                       Map<String, String> columns) {
        Target target = target(database(organizationId, listId));
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> sync;
        if (byRecipientId && email == null) {
            fields.put(RECIPIENT_ID, String.valueOf(recipientId));
            sync = List.of();
        } else {
            if (email == null) {
                throw RecipientRequest.notProvided(EMAIL);
            }
            // COLUMNs count only on a database keyed on them (§3); elsewhere EMAIL finds every contact with the address.
            if (target.db().keyKind() == KeyKind.COLUMNS) {
                fields.putAll(fields(target, columns));
            }
            fields.put(EMAIL, email);
            sync = identifyingFields(target, fields, EMAIL);
        }
        if (!(apply(target, new Row(Action.OPT_OUT, fields, sync, List.of(), false)) instanceof Applied)) {
            throw Fault.RECIPIENT_NOT_MEMBER.exception();
        }
    }

    /**
     * RemoveRecipient (§4): from a database, deletes every contact found (with its memberships); from
     * a contact list, takes them out of that list only.
     */
    public void remove(long organizationId, long listId, String email, Map<String, String> columns) {
        ContactList list = list(organizationId, listId);
        ApiException notMember = Fault.RECIPIENT_NOT_MEMBER.exception(
                "Error removing recipient from list. Recipient is not a member of this list.");
        Target target = target(list.isContactList() ? database(organizationId, list.parentId()) : list);
        Map<String, String> fields = fields(target, columns);
        if (email != null) {
            fields.put(EMAIL, email);
        }
        List<String> sync = identifyingFields(target, fields, EMAIL);
        if (!list.isContactList()) {
            if (!(apply(target, new Row(Action.DELETE, fields, sync, List.of(), false)) instanceof Applied)) {
                throw notMember;
            }
            return;
        }
        int removed = rows.withMatches(target.db(), target.columns(), new Row(Action.UPDATE_ONLY, fields, sync, List.of(),
                false), (c, store, refused, ids) -> {
                    if (refused != null) {
                        throw fault(refused, Row.of(Action.DELETE, fields));
                    }
                    return store.leaveList(c, list.id(), ids);
                });
        if (removed == 0) {
            throw notMember;
        }
    }

    /**
     * DoubleOptInRecipient (§5): ListGate keeps no pre-opt-in state, so confirming is what an OPT_IN
     * import does to the contact found (its opt-out, if any, is cleared); its RecipientId.
     */
    public long doubleOptIn(long organizationId, long listId, Map<String, String> columns) {
        Target target = target(database(organizationId, listId));
        Map<String, String> fields = fields(target, columns);
        if (!fields.containsKey(EMAIL)) {
            throw RecipientRequest.notProvided(EMAIL);
        }
        List<String> sync = identifyingFields(target, fields, EMAIL);
        return recipientId(apply(target, new Row(Action.OPT_IN, fields, sync, List.of(), true)),
                Fault.RECIPIENT_NOT_MEMBER.exception());
    }

    /**
     * AddContactToContactList (§6): the contact CONTACT_ID (or the COLUMNs) names joins the list as
     * an ADD_AND_UPDATE import row with CONTACT_LISTS would make it join; already a member is fine;
     * several contacts found on a database without a unique key is a fault.
     */
    public void addToContactList(long organizationId, long contactListId, Long contactId, Map<String, String> columns) {
        ContactList list = contactList(organizationId, contactListId);
        Target target = target(database(organizationId, list.parentId()));
        ApiException notFound = Fault.RECIPIENT_NOT_FOUND.exception();
        if (contactId != null) {
            recipientId(apply(target, new Row(Action.UPDATE_ONLY, Map.of(RECIPIENT_ID, String.valueOf(contactId)), List.of(),
                    List.of(list.id()), false)), notFound);
            return;
        }
        Map<String, String> fields = fields(target, columns);
        if (fields.isEmpty()) {
            throw RecipientRequest.notProvided("CONTACT_ID");
        }
        List<String> sync = identifyingFields(target, fields, "CONTACT_ID");
        transaction(() -> {
            List<Long> found = matches(target, new Row(Action.UPDATE_ONLY, fields, sync, List.of(), false));
            if (found.isEmpty()) {
                throw notFound;
            }
            if (found.size() > 1) {
                throw Fault.INVALID_VALUE.exception(found.size() + " contacts of database " + target.db().id()
                        + " match these COLUMNs; give CONTACT_ID or columns that find one contact");
            }
            return recipientId(apply(target, new Row(Action.UPDATE_ONLY, Map.of(RECIPIENT_ID, String.valueOf(found.get(0))),
                    List.of(), List.of(list.id()), false)), notFound);
        });
    }
}
