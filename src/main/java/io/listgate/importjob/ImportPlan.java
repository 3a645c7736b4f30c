package io.listgate.importjob;

import io.listgate.contacts.ColumnNames;
import io.listgate.contacts.ConsentChannel;
import io.listgate.contacts.ContactKey;
import io.listgate.contacts.ContactList;
import io.listgate.contacts.ContactStore;
import io.listgate.contacts.KeyKind;
import io.listgate.contacts.ListColumn;
import io.listgate.mapping.Action;
import io.listgate.mapping.ConsentSettings;
import io.listgate.mapping.ImportMapping;
import io.listgate.mapping.MappedColumn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a job will do with each field of the source file, worked out once from the mapping and the
 * database: which column each field fills, which fields identify a contact, where email and
 * consent are.
 */
public final class ImportPlan {

    /** How rows are matched to existing contacts. */
    public enum MatchOn { EMAIL, EMAIL_MD5, RECIPIENT_ID, COLUMNS, PHONE, NONE }

    /** A source field filling a user column. */
    public record Target(int offset, ListColumn column) {
    }

    final ImportMapping mapping;
    final ContactList database;
    final Action action;
    /**
     * The channel an opt-out or opt-in job of a hot folder changes the consent of (its rows then name
     * existing contacts only, by key or by phone digits); null for every other job, whose CONSENT
     * section, if any, is SMS's.
     */
    final ConsentChannel channel;
    final List<ListColumn> columns;
    final List<Target> targets = new ArrayList<>();
    int emailOffset = -1;
    int optedOutOffset = -1;
    int emailTypeOffset = -1;
    int optInDetailsOffset = -1;
    int optedInOffset = -1;
    int recipientIdOffset = -1;
    int consentStatusOffset = -1;
    int consentDateOffset = -1;
    int consentSourceOffset = -1;
    final MatchOn matchOn;
    /** For COLUMNS matching: the matched columns and the offsets of their fields. */
    final List<ListColumn> matchColumns = new ArrayList<>();
    final List<Integer> matchOffsets = new ArrayList<>();

    ImportPlan(ImportMapping mapping, ContactList database, List<ListColumn> columns) {
        this(mapping, database, columns, null);
    }

    ImportPlan(ImportMapping mapping, ContactList database, List<ListColumn> columns, ConsentChannel channel) {
        this.mapping = mapping;
        this.database = database;
        this.action = mapping.action();
        this.channel = channel;
        this.columns = List.copyOf(columns);
        for (MappedColumn mapped : mapping.includedColumns()) {
            int offset = mapped.fieldOffset();
            switch (mapped.name()) {
                case "EMAIL" -> emailOffset = offset;
                case "OPTED_OUT" -> optedOutOffset = offset;
                case "EMAIL_TYPE" -> emailTypeOffset = offset;
                case "OPT_IN_DETAILS" -> optInDetailsOffset = offset;
                case "OPTED_IN" -> optedInOffset = offset;
                // CREATED_FROM is the server's to set (1: imported); the file's value is not taken.
                case "CREATED_FROM" -> { }
                case "RECIPIENT_ID" -> recipientIdOffset = offset;
                case "CONSENT_STATUS_CODE" -> consentStatusOffset = offset;
                case "CONSENT_DATE" -> consentDateOffset = offset;
                case "CONSENT_SOURCE" -> consentSourceOffset = offset;
                default -> column(mapped.name()).ifPresent(c -> targets.add(new Target(offset, c)));
            }
        }
        this.matchOn = decideMatch();
    }

    private MatchOn decideMatch() {
        if (mapping.listInfo().useRecipientId() && recipientIdOffset >= 0) {
            return MatchOn.RECIPIENT_ID;
        }
        List<String> keys = mapping.syncFields().isEmpty() ? databaseKeys() : mapping.syncFields();
        if (keys.size() == 1 && keys.get(0).equals("EMAIL")) {
            return mapping.listInfo().encodedAsMd5() ? MatchOn.EMAIL_MD5 : MatchOn.EMAIL;
        }
        if (keys.size() == 1 && keys.get(0).equals("RECIPIENT_ID") && recipientIdOffset >= 0) {
            return MatchOn.RECIPIENT_ID;
        }
        if (keys.isEmpty()) {
            return MatchOn.NONE;
        }
        for (String key : keys) {
            ListColumn column = column(key).orElseThrow(() ->
                    new IllegalStateException("SYNC_FIELD " + key + " is not a column of the database"));
            Target target = targets.stream().filter(t -> t.column().position() == column.position()).findFirst().orElseThrow(() ->
                    new IllegalStateException("SYNC_FIELD " + key + " is not mapped from the source file"));
            matchColumns.add(column);
            matchOffsets.add(target.offset());
        }
        boolean byPhone = channel != null && matchColumns.size() == 1 && matchColumns.get(0).columnType() == channel.phoneType();
        return byPhone ? MatchOn.PHONE : MatchOn.COLUMNS;
    }

    /** The database's own key: EMAIL, its key columns, or none (then EMAIL when the file has it and updates). */
    private List<String> databaseKeys() {
        if (database.keyKind() == KeyKind.EMAIL) {
            return List.of("EMAIL");
        }
        if (database.keyKind() == KeyKind.COLUMNS) {
            return columns.stream().filter(ListColumn::key).map(ListColumn::name).toList();
        }
        boolean updates = action != Action.CREATE && action != Action.ADD_ONLY;
        return updates && emailOffset >= 0 ? List.of("EMAIL") : List.of();
    }

    /** What rows are matched on, for the contact store; empty when they are matched on nothing. */
    Optional<ContactKey> matchKey() {
        return Optional.ofNullable(switch (matchOn) {
            case EMAIL -> ContactKey.of(ContactKey.Kind.EMAIL);
            case EMAIL_MD5 -> ContactKey.of(ContactKey.Kind.EMAIL_MD5);
            case RECIPIENT_ID -> ContactKey.of(ContactKey.Kind.RECIPIENT_ID);
            case COLUMNS -> ContactKey.columns(matchColumns);
            case PHONE -> ContactKey.phone(matchColumns.get(0));
            case NONE -> null;
        });
    }

    /** The key columns of a database keyed on columns (its unique index). */
    List<ListColumn> uniqueColumns() {
        return columns.stream().filter(ListColumn::key).toList();
    }

    /**
     * The database's unique key when new rows must be checked against it apart from the match
     * (they are matched on something else); empty when matching on it already tells.
     */
    Optional<ContactKey> separateUniqueKey() {
        boolean separate = switch (database.keyKind()) {
            case EMAIL -> matchOn != MatchOn.EMAIL && matchOn != MatchOn.EMAIL_MD5;
            case COLUMNS -> matchOn != MatchOn.COLUMNS || !matchColumns.equals(uniqueColumns());
            default -> false;
        };
        // a channel's opt-out or opt-in never adds a contact, so no new row needs checking
        if (!separate || channel != null) {
            return Optional.empty();
        }
        return Optional.of(database.keyKind() == KeyKind.EMAIL ? ContactKey.of(ContactKey.Kind.EMAIL)
                : ContactKey.columns(uniqueColumns()));
    }

    /** A contact of an EMAIL-keyed database (or matched on EMAIL) keeps its address; others may get one from the file. */
    boolean emailKept() {
        return matchOn == MatchOn.EMAIL || matchOn == MatchOn.EMAIL_MD5 || database.keyKind() == KeyKind.EMAIL;
    }

    /** The contact lists the job's contacts join (none for OPT_OUT, OPT_IN and DELETE). */
    List<Long> contactLists() {
        return action == Action.OPT_OUT || action == Action.OPT_IN || action == Action.DELETE ? List.of()
                : mapping.contactListIds();
    }

    /** The status a channel job gives the contacts its rows name: OPT_OUT opts out, OPT_IN in. */
    ConsentSettings.Status channelStatus() {
        return action == Action.OPT_OUT ? ConsentSettings.Status.OPTED_OUT : ConsentSettings.Status.OPTED_IN;
    }

    /** CONSENT_SOURCE of a channel job's changes: the folder it came through, {@code optoutSMS}. */
    String channelSource() {
        return "Hot folder " + (action == Action.OPT_OUT ? "optout" : "optin") + channel.name();
    }

    /** What a job of this plan writes, for its contact store. */
    ContactStore.Writing writing(long jobId) {
        return new ContactStore.Writing(targets.stream().map(Target::column).toList(), contactLists(), jobId, emailKept(),
                action == Action.OPT_IN && channel == null, channel == null ? ConsentChannel.SMS : channel);
    }

    /** The columns the store must index for the match: SYNC_FIELDS, unless compared by phone digits (no index helps). */
    List<ListColumn> indexedMatchColumns() {
        return matchOn == MatchOn.COLUMNS ? matchColumns : List.of();
    }

    /** Whether each contact list must end with exactly the file's contacts. */
    boolean syncsContactLists() {
        return mapping.listInfo().syncContactLists() && !contactLists().isEmpty();
    }

    Optional<ListColumn> column(String name) {
        return ColumnNames.find(columns, name);
    }

    /** A row matched on RECIPIENT_ID never adds a contact, so it needs no address even in an EMAIL-keyed database. */
    boolean emailRequired() {
        return matchOn == MatchOn.EMAIL || matchOn == MatchOn.EMAIL_MD5
                || database.keyKind() == KeyKind.EMAIL && matchOn != MatchOn.RECIPIENT_ID && channel == null;
    }
}
