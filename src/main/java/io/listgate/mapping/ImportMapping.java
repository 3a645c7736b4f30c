package io.listgate.mapping;

import io.listgate.contacts.ColumnNames;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A mapping file that passed the schema and the rules of {@link MappingParser}: everything the
 * import job needs to read the source file and write the database. Immutable.
 *
 * @param listInfo       {@code LIST_INFO}
 * @param columns        {@code COLUMNS}: columns to create or add, in file order
 * @param mapping        {@code MAPPING}: source fields to columns, in file order
 * @param syncFields     {@code SYNC_FIELDS}: names of the columns contacts are looked up by, each a
 *                       mapped column
 * @param consent        {@code CONSENT}, when the file has that section
 * @param contactListIds {@code CONTACT_LISTS}: every imported contact is also added to these
 */
public record ImportMapping(
        ListInfo listInfo,
        List<ColumnDefinition> columns,
        List<MappedColumn> mapping,
        List<String> syncFields,
        Optional<ConsentSettings> consent,
        List<Long> contactListIds) {

    /** System fields every database has; a mapping may name them without defining them. */
    private static final Set<String> SYSTEM_NAMES = Set.of(
            "EMAIL", "EMAIL_TYPE", "CREATED_FROM", "OPTED_IN", "OPT_IN_DETAILS", "OPTED_OUT", "RECIPIENT_ID");

    /** Fields that only exist with a {@code CONSENT} section. */
    private static final Set<String> CONSENT_NAMES = Set.of("CONSENT_DATE", "CONSENT_SOURCE", "CONSENT_STATUS_CODE");

    public ImportMapping {
        Objects.requireNonNull(listInfo, "listInfo");
        Objects.requireNonNull(consent, "consent");
        columns = List.copyOf(columns);
        mapping = List.copyOf(mapping);
        syncFields = List.copyOf(syncFields);
        contactListIds = List.copyOf(contactListIds);
    }

    /** Whether the name is a system field (EMAIL, OPTED_OUT, ... and the consent fields), in any case. */
    public static boolean isSystemName(String name) {
        return ColumnNames.contains(SYSTEM_NAMES, name) || isConsentName(name);
    }

    /** Whether the name is one of CONSENT_DATE, CONSENT_SOURCE, CONSENT_STATUS_CODE, in any case. */
    public static boolean isConsentName(String name) {
        return ColumnNames.contains(CONSENT_NAMES, name);
    }

    /** A system field's name in its own spelling ({@code Email} is EMAIL); any other name as given. */
    public static String canonical(String name) {
        return Stream.concat(SYSTEM_NAMES.stream(), CONSENT_NAMES.stream())
                .filter(n -> ColumnNames.same(n, name)).findFirst().orElse(name);
    }

    /** {@code LIST_INFO/ACTION}. */
    public Action action() {
        return listInfo.action();
    }

    /** The mapped columns whose field is imported ({@code INCLUDE} not false), by source position. */
    public List<MappedColumn> includedColumns() {
        return mapping.stream()
                .filter(MappedColumn::include)
                .sorted(Comparator.comparingInt(MappedColumn::index))
                .toList();
    }

    /** The included mapped columns that are neither system nor consent fields: database columns. */
    public List<MappedColumn> includedDataColumns() {
        return includedColumns().stream().filter(c -> !isSystemName(c.name())).toList();
    }

    /** The included consent columns ({@code IS_CONSENT}). */
    public List<MappedColumn> consentColumns() {
        return includedColumns().stream().filter(MappedColumn::consent).toList();
    }

    /** The mapped column of this name, in any case. */
    public Optional<MappedColumn> mappedColumn(String name) {
        return ColumnNames.find(mapping, MappedColumn::name, name);
    }

    /** The column definition of this name, in any case. */
    public Optional<ColumnDefinition> column(String name) {
        return ColumnNames.find(columns, ColumnDefinition::name, name);
    }

    /** The defined columns marked {@code KEY_COLUMN}. */
    public List<ColumnDefinition> keyColumns() {
        return columns.stream().filter(ColumnDefinition::key).toList();
    }

    /**
     * Whether this CREATE makes a "no unique identifier" database: no column is a key (not even
     * EMAIL), so contacts are told apart by a system RECIPIENT_ID only.
     */
    public boolean createsNoUniqueIdentifierDatabase() {
        return action() == Action.CREATE && keyColumns().isEmpty();
    }

    /** The highest 1-based source position the mapping reads: a row needs at least this many fields. */
    public int highestIndex() {
        return mapping.stream().mapToInt(MappedColumn::index).max().orElse(0);
    }
}
