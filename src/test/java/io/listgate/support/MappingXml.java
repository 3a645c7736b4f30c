package io.listgate.support;

import io.listgate.mapping.ImportMapping;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@code LIST_IMPORT} mapping files for tests, so each test states only what it is about.
 * Source fields are mapped in the order {@link #map} is called, starting at INDEX 1.
 */
public final class MappingXml {

    private final StringBuilder info = new StringBuilder();
    private final List<String> columns = new ArrayList<>();
    private final List<String> mapped = new ArrayList<>();
    private final List<String> sync = new ArrayList<>();
    private final List<Long> contactLists = new ArrayList<>();
    private String consent;

    private MappingXml(String action) {
        info.append("<ACTION>").append(action).append("</ACTION>");
    }

    /** CREATE of a new database with this name, comma-separated with headers. */
    public static MappingXml create(String listName) {
        MappingXml m = new MappingXml("CREATE");
        m.info.append("<LIST_NAME>").append(listName).append("</LIST_NAME><LIST_VISIBILITY>0</LIST_VISIBILITY>");
        return m.fileType(0);
    }

    /** ADD_ONLY, UPDATE_ONLY, ADD_AND_UPDATE or OPT_OUT into an existing database. */
    public static MappingXml into(String action, long listId) {
        MappingXml m = new MappingXml(action);
        m.info.append("<LIST_ID>").append(listId).append("</LIST_ID>");
        return m.fileType(0);
    }

    private String fileType = "0";
    private boolean hasHeaders = true;

    /** 0 comma, 1 tab, 2 pipe. */
    public MappingXml fileType(int type) {
        this.fileType = String.valueOf(type);
        return this;
    }

    /** HASHEADERS false: the first line of the file is a contact too. */
    public MappingXml withoutHeaders() {
        this.hasHeaders = false;
        return this;
    }

    /** Any further LIST_INFO element, e.g. {@code info("LIST_DATE_FORMAT", "dd.MM.yyyy")}. */
    public MappingXml info(String element, String value) {
        info.append('<').append(element).append('>').append(value).append("</").append(element).append('>');
        return this;
    }

    /** {@code COLUMNS/COLUMN}; extra holds further elements such as {@code <IS_REQUIRED>true</IS_REQUIRED>}. */
    public MappingXml column(String name, int type, String extra) {
        columns.add("<COLUMN><NAME>" + name + "</NAME><TYPE>" + type + "</TYPE>" + extra + "</COLUMN>");
        return this;
    }

    public MappingXml column(String name, int type) {
        return column(name, type, "");
    }

    /** A key column (required, KEY_COLUMN true). */
    public MappingXml key(String name, int type) {
        return column(name, type, "<IS_REQUIRED>true</IS_REQUIRED><KEY_COLUMN>true</KEY_COLUMN>");
    }

    public MappingXml required(String name, int type) {
        return column(name, type, "<IS_REQUIRED>true</IS_REQUIRED>");
    }

    /** A select-one column (type 6) with these SELECTION_VALUES. */
    public MappingXml select(String name, String... values) {
        StringBuilder v = new StringBuilder("<SELECTION_VALUES>");
        for (String value : values) {
            v.append("<VALUE>").append(value).append("</VALUE>");
        }
        return column(name, 6, v.append("</SELECTION_VALUES>").toString());
    }

    /** Maps the next source fields, in order, to these names; {@code null} leaves a field out (INCLUDE false). */
    public MappingXml map(String... names) {
        for (String name : names) {
            int index = mapped.size() + 1;
            mapped.add(name == null
                    ? "<COLUMN><INDEX>" + index + "</INDEX><NAME>Ignored " + index + "</NAME><INCLUDE>false</INCLUDE></COLUMN>"
                    : "<COLUMN><INDEX>" + index + "</INDEX><NAME>" + name + "</NAME><INCLUDE>true</INCLUDE>"
                            + (ImportMapping.isConsentName(name) ? "<IS_CONSENT>true</IS_CONSENT>" : "") + "</COLUMN>");
        }
        return this;
    }

    public MappingXml sync(String... names) {
        sync.addAll(List.of(names));
        return this;
    }

    /**
     * An SMS CONSENT section. {@code honor} / {@code override}: "true", "false", "" for an empty element,
     * or {@code null} to leave the element out.
     */
    public MappingXml consent(String honor, String override) {
        consent = "<CONSENT><CHANNEL>SMS</CHANNEL><TEXT_TO_JOIN_PROGRAM_ID>108063</TEXT_TO_JOIN_PROGRAM_ID>"
                + flag("HONOR_OPT_OUT_STATUS", honor) + flag("OVERRIDE_ON_NO_CHANGE", override) + "</CONSENT>";
        return this;
    }

    public MappingXml contactLists(long... ids) {
        for (long id : ids) {
            contactLists.add(id);
        }
        return this;
    }

    /** A flag element: "true"/"false" as given, "" as an empty element, {@code null} as no element at all. */
    public static String flag(String element, String value) {
        if (value == null) {
            return "";
        }
        return value.isEmpty() ? "<" + element + "/>" : "<" + element + ">" + value + "</" + element + ">";
    }

    public String xml() {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LIST_IMPORT>\n  <LIST_INFO>")
                .append(info).append("<FILE_TYPE>").append(fileType).append("</FILE_TYPE><HASHEADERS>").append(hasHeaders).append("</HASHEADERS>")
                .append("</LIST_INFO>\n");
        if (!columns.isEmpty()) {
            x.append("  <COLUMNS>").append(String.join("", columns)).append("</COLUMNS>\n");
        }
        x.append("  <MAPPING>").append(String.join("", mapped)).append("</MAPPING>\n");
        if (!sync.isEmpty()) {
            x.append("  <SYNC_FIELDS>");
            sync.forEach(s -> x.append("<SYNC_FIELD><NAME>").append(s).append("</NAME></SYNC_FIELD>"));
            x.append("</SYNC_FIELDS>\n");
        }
        if (consent != null) {
            x.append("  ").append(consent).append('\n');
        }
        if (!contactLists.isEmpty()) {
            x.append("  <CONTACT_LISTS>");
            contactLists.forEach(id -> x.append("<CONTACT_LIST_ID>").append(id).append("</CONTACT_LIST_ID>"));
            x.append("</CONTACT_LISTS>\n");
        }
        return x.append("</LIST_IMPORT>\n").toString();
    }

    @Override
    public String toString() {
        return xml();
    }
}
