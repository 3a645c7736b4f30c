package io.listgate.mapping;

import io.listgate.contacts.ColumnNames;
import io.listgate.mapping.MappingException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads an ImportList mapping file: well-formedness with a hardened parser, validity against
 * {@code xsd/list-import.xsd}, then the rules of the ImportList documentation that a schema cannot
 * express. Every problem found is reported at once, each with its line. Thread-safe.
 */
public final class MappingParser {

    /** Mapping files are a few kilobytes; anything this large is not one. */
    public static final int MAX_BYTES = 1024 * 1024;

    /**
     * Parses and checks a mapping file.
     *
     * @param in       the file's bytes; the XML declaration decides the encoding. Not closed.
     * @param fileName the name to use in messages, as the client knows the file
     * @throws MappingException naming line and element of each problem
     */
    public ImportMapping parse(InputStream in, String fileName) {
        byte[] xml;
        try {
            xml = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw MappingException.of(fileName, 0, "the mapping file could not be read: " + e.getMessage());
        }
        if (xml.length > MAX_BYTES) {
            throw MappingException.of(fileName, 0, "the mapping file is larger than " + MAX_BYTES + " bytes");
        }
        XmlElement root = SchemaCheck.validate(xml, fileName);
        return new Reading(root, fileName).mapping();
    }

    /** Parses and checks a mapping file on disk, naming it by its file name in messages. */
    public ImportMapping parse(Path file) {
        String fileName = String.valueOf(file.getFileName());
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, fileName);
        } catch (IOException e) {
            throw MappingException.of(fileName, 0, "the mapping file could not be read: " + e.getMessage());
        }
    }

    /** Turns a schema-valid tree into an {@link ImportMapping}, collecting rule violations. */
    private static final class Reading {

        private final XmlElement root;
        private final String fileName;
        private final List<Problem> problems = new ArrayList<>();

        Reading(XmlElement root, String fileName) {
            this.root = root;
            this.fileName = fileName;
        }

        ImportMapping mapping() {
            XmlElement consentElement = root.child("CONSENT").orElse(null);
            ListInfo info = listInfo(required(root, "LIST_INFO"));
            List<ColumnDefinition> columns = columns();
            List<MappedColumn> mapping = mappedColumns(info.action(), consentElement != null, columns);
            List<String> syncFields = syncFields(mapping);
            Optional<ConsentSettings> consent = Optional.ofNullable(consentElement).map(c -> consent(c, mapping));
            List<Long> contactLists = contactLists(info);
            if (!problems.isEmpty()) {
                List<Problem> byLine = new ArrayList<>(problems);
                byLine.sort((a, b) -> Integer.compare(a.line(), b.line()));
                throw new MappingException(fileName, byLine);
            }
            return new ImportMapping(info, columns, mapping, syncFields, consent, contactLists);
        }

        // LIST_INFO
        private ListInfo listInfo(XmlElement info) {
            Action action = Action.valueOf(required(info, "ACTION").collapsedText());
            Optional<String> name = info.value("LIST_NAME");
            Optional<Long> id = info.value("LIST_ID").map(Long::parseLong);
            boolean create = action == Action.CREATE;
            if (create && name.isEmpty()) {
                problem(info.lineOf("ACTION"), id.isPresent()
                        ? "ACTION CREATE makes a new database and needs its LIST_NAME; the file gives only LIST_ID."
                                + " To import into database " + id.get() + ", use ADD_ONLY, UPDATE_ONLY, ADD_AND_UPDATE or OPT_OUT"
                        : "ACTION CREATE needs LIST_NAME, the name of the new database");
            } else if (create && id.isPresent()) {
                problem(info.lineOf("LIST_ID"), "element 'LIST_ID': ACTION CREATE makes a new database and takes no"
                        + " LIST_ID; remove LIST_ID or use another action");
            } else if (!create && id.isEmpty()) {
                problem(info.lineOf("ACTION"), "ACTION " + action + " needs LIST_ID, the id of the database to import into");
            }
            // LIST_TYPE and LIST_VISIBILITY describe a new database; an existing one keeps its own
            Optional<ListType> type = create
                    ? Optional.of(info.value("LIST_TYPE").map(v -> ListType.fromCode(Integer.parseInt(v))).orElse(ListType.DATABASE))
                    : Optional.empty();
            Optional<Visibility> visibility = create
                    ? Optional.of(info.value("LIST_VISIBILITY").map(v -> Visibility.fromCode(Integer.parseInt(v))).orElse(Visibility.PRIVATE))
                    : Optional.empty();
            FileType fileType = FileType.fromCode(Integer.parseInt(required(info, "FILE_TYPE").text()));
            return new ListInfo(action, type, name, create ? Optional.empty() : id,
                    visibility, info.value("PARENT_FOLDER_PATH"), fileType,
                    flag(info, "HASHEADERS", false), dateFormat(info),
                    flag(info, "DOUBLE_OPT_IN", false), flag(info, "ENCODED_AS_MD5", false),
                    flag(info, "USE_RECIPIENT_ID", false), flag(info, "SYNC_CONTACT_LISTS", false));
        }

        private ListDateFormat dateFormat(XmlElement info) {
            Optional<String> pattern = info.value("LIST_DATE_FORMAT");
            if (pattern.isEmpty()) {
                return ListDateFormat.defaultFormat();
            }
            try {
                return ListDateFormat.of(pattern.get());
            } catch (IllegalArgumentException e) {
                problem(info.lineOf("LIST_DATE_FORMAT"), "element 'LIST_DATE_FORMAT': " + e.getMessage());
                return ListDateFormat.defaultFormat();
            }
        }

        // COLUMNS
        private List<ColumnDefinition> columns() {
            List<ColumnDefinition> columns = new ArrayList<>();
            Map<String, Integer> seen = new TreeMap<>(ColumnNames.ORDER);
            Map<String, String> spelled = new TreeMap<>(ColumnNames.ORDER);
            for (XmlElement c : root.child("COLUMNS").map(e -> e.children("COLUMN")).orElse(List.of())) {
                String name = ImportMapping.canonical(required(c, "NAME").text());
                ColumnType type = ColumnType.fromCode(Integer.parseInt(required(c, "TYPE").text()));
                Integer earlier = seen.putIfAbsent(name, c.line());
                String other = spelled.putIfAbsent(name, name);
                if (earlier != null && other.equals(name)) {
                    problem(c.line(), "COLUMNS: column '" + name + "' is defined twice (also on line " + earlier + ")");
                } else if (earlier != null) {
                    problem(c.line(), "COLUMNS: columns '" + other + "' (line " + earlier + ") and '" + name + "' differ only"
                            + " in case; column names are case-insensitive, so a database cannot have both");
                }
                List<String> selection = selectionValues(c);
                if (!selection.isEmpty() && !type.takesSelectionValues()) {
                    problem(c.lineOf("SELECTION_VALUES"), "column '" + name + "': SELECTION_VALUES belong to TYPE 6"
                            + " (select one) or 20 (multi-select) only, not to TYPE " + type.code());
                }
                columns.add(new ColumnDefinition(name, type, flag(c, "IS_REQUIRED", false), flag(c, "KEY_COLUMN", false),
                        c.value("DEFAULT_VALUE"), selection));
            }
            return columns;
        }

        /** {@code <VALUE>} children, or one text of values separated by semicolons. */
        private static List<String> selectionValues(XmlElement column) {
            Optional<XmlElement> values = column.child("SELECTION_VALUES");
            if (values.isEmpty()) {
                return List.of();
            }
            List<XmlElement> children = values.get().children("VALUE");
            List<String> texts = children.isEmpty()
                    ? Arrays.asList(values.get().text().split(";"))
                    : children.stream().map(XmlElement::text).toList();
            return texts.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        }

        // MAPPING
        private List<MappedColumn> mappedColumns(Action action, boolean hasConsent, List<ColumnDefinition> columns) {
            List<MappedColumn> mapped = new ArrayList<>();
            Map<Integer, String> byIndex = new HashMap<>();
            Map<String, Integer> byName = new TreeMap<>(ColumnNames.ORDER);
            for (XmlElement c : required(root, "MAPPING").children("COLUMN")) {
                int index = Integer.parseInt(required(c, "INDEX").text());
                String given = ImportMapping.canonical(required(c, "NAME").text());
                // Spelled as COLUMNS spells it, so that later steps compare one spelling.
                String name = ColumnNames.find(columns, ColumnDefinition::name, given).map(ColumnDefinition::name).orElse(given);
                boolean include = flag(c, "INCLUDE", true);
                boolean consent = flag(c, "IS_CONSENT", false);
                String other = byIndex.putIfAbsent(index, name);
                if (other != null) {
                    problem(c.lineOf("INDEX"), "MAPPING: INDEX " + index + " is mapped twice, to '" + other + "' and to '" + name + "'");
                }
                Integer earlier = byName.putIfAbsent(name, c.line());
                if (earlier != null) {
                    problem(c.lineOf("NAME"), "MAPPING: column '" + name + "' is mapped twice (also on line " + earlier + ")");
                }
                if (consent && !hasConsent) {
                    problem(c.lineOf("IS_CONSENT"), "column '" + name + "' is marked IS_CONSENT but the file has no CONSENT section");
                } else if (consent && !ImportMapping.isConsentName(name)) {
                    problem(c.lineOf("IS_CONSENT"), "column '" + name + "' is marked IS_CONSENT, but only CONSENT_STATUS_CODE,"
                            + " CONSENT_DATE and CONSENT_SOURCE are consent fields");
                } else if (!consent && ImportMapping.isConsentName(name)) {
                    problem(c.lineOf("NAME"), "column '" + name + "' is a consent field: mark it <IS_CONSENT>true</IS_CONSENT>"
                            + " and give the file a CONSENT section");
                }
                if (action == Action.CREATE && include && !ImportMapping.isSystemName(name)
                        && ColumnNames.find(columns, ColumnDefinition::name, name).isEmpty()) {
                    problem(c.lineOf("NAME"), "MAPPING: column '" + name + "' is not defined in COLUMNS; CREATE makes only"
                            + " the columns it defines");
                }
                mapped.add(new MappedColumn(index, name, include, consent));
            }
            return mapped;
        }

        // SYNC_FIELDS
        private List<String> syncFields(List<MappedColumn> mapping) {
            Set<String> names = new TreeSet<>(ColumnNames.ORDER);
            List<String> fields = new ArrayList<>();
            for (XmlElement f : root.child("SYNC_FIELDS").map(e -> e.children("SYNC_FIELD")).orElse(List.of())) {
                String given = ImportMapping.canonical(required(f, "NAME").text());
                Optional<MappedColumn> mapped = ColumnNames.find(mapping, MappedColumn::name, given);
                if (mapped.isEmpty()) {
                    problem(f.line(), "SYNC_FIELD '" + given + "' is not a column of MAPPING; contacts can only be looked"
                            + " up by a field of the source file");
                }
                String name = mapped.map(MappedColumn::name).orElse(given);
                if (names.add(name)) {
                    fields.add(name);
                }
            }
            return List.copyOf(fields);
        }

        // CONSENT
        private ConsentSettings consent(XmlElement consent, List<MappedColumn> mapping) {
            String channel = required(consent, "CHANNEL").text();
            if (!channel.equalsIgnoreCase(ConsentSettings.Channel.SMS.name())) {
                problem(consent.lineOf("CHANNEL"), "element 'CHANNEL': consent channel '" + channel
                        + "' is not supported; the only channel is SMS");
            }
            boolean statusMapped = mapping.stream().anyMatch(m -> m.include() && m.consent()
                    && m.name().equals("CONSENT_STATUS_CODE"));
            if (!statusMapped) {
                problem(consent.line(), "the CONSENT section needs an included MAPPING column CONSENT_STATUS_CODE"
                        + " marked <IS_CONSENT>true</IS_CONSENT>");
            }
            // HONOR_OPT_OUT_STATUS: an empty element means true, no element means false
            boolean honor = consent.child("HONOR_OPT_OUT_STATUS")
                    .map(e -> e.text().isEmpty() || parseFlag(e.text()))
                    .orElse(false);
            return new ConsentSettings(ConsentSettings.Channel.SMS, consent.value("TEXT_TO_JOIN_PROGRAM_ID"),
                    honor, flag(consent, "OVERRIDE_ON_NO_CHANGE", false));
        }

        // CONTACT_LISTS
        private List<Long> contactLists(ListInfo info) {
            Optional<XmlElement> lists = root.child("CONTACT_LISTS");
            Set<Long> ids = new LinkedHashSet<>();
            lists.ifPresent(l -> l.children("CONTACT_LIST_ID").forEach(e -> ids.add(Long.parseLong(e.text()))));
            if (info.action() == Action.OPT_OUT && !ids.isEmpty()) {
                problem(lists.get().line(), "CONTACT_LISTS cannot go with ACTION OPT_OUT: opted-out contacts are not"
                        + " added to contact lists");
            }
            if (info.action() == Action.OPT_IN && !ids.isEmpty()) {
                problem(lists.get().line(), "CONTACT_LISTS cannot go with ACTION OPT_IN: opted-in contacts are not"
                        + " added to contact lists");
            }
            if (info.action() == Action.DELETE && !ids.isEmpty()) {
                problem(lists.get().line(), "CONTACT_LISTS cannot go with ACTION DELETE: deleted contacts leave their"
                        + " contact lists");
            }
            if (info.syncContactLists() && ids.isEmpty()) {
                problem(root.child("LIST_INFO").map(i -> i.lineOf("SYNC_CONTACT_LISTS")).orElse(root.line()),
                        "SYNC_CONTACT_LISTS needs CONTACT_LISTS naming the contact lists to sync");
            }
            return List.copyOf(ids);
        }

        private void problem(int line, String message) {
            problems.add(new Problem(line, message));
        }

        /** A child the schema requires; its absence here is a bug, not a user error. */
        private static XmlElement required(XmlElement parent, String name) {
            return parent.child(name).orElseThrow(() ->
                    new IllegalStateException("the schema let " + parent.name() + " through without " + name));
        }

        /** A boolean element: the default when absent or empty. */
        private static boolean flag(XmlElement parent, String name, boolean absent) {
            return parent.value(name).map(Reading::parseFlag).orElse(absent);
        }

        private static boolean parseFlag(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalStateException("the schema let the flag '" + value + "' through");
            };
        }
    }
}
