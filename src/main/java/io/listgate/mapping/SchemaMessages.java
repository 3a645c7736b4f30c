package io.listgate.mapping;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xml.sax.SAXParseException;

/**
 * Turns the validator's messages ({@code cvc-enumeration-valid: Value 'X' is not facet-valid with
 * respect to enumeration '[...]'...}) into sentences for a script author. Works from the error code
 * and the element being validated, so it does not depend on the JDK's message language.
 */
final class SchemaMessages {

    private static final Pattern CODE = Pattern.compile("^(cvc-[A-Za-z0-9.-]+):\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern EXPECTED = Pattern.compile("\\{([^}]*)}");
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");

    private static final String FLAG = "true or false (also yes/no or 1/0)";
    private static final String POSITIVE = "a positive whole number";

    /** What a value of each simple element must look like; element names are unique enough. */
    private static final Map<String, String> EXPECTATIONS = Map.ofEntries(
            Map.entry("ACTION", "one of CREATE, ADD_ONLY, UPDATE_ONLY, ADD_AND_UPDATE, OPT_OUT"),
            Map.entry("LIST_TYPE", "one of 0 (database), 6 (seed list), 13 (suppression list)"),
            Map.entry("LIST_VISIBILITY", "0 (private) or 1 (shared)"),
            Map.entry("FILE_TYPE", "one of 0 (comma), 1 (tab), 2 (pipe)"),
            Map.entry("TYPE", "a column type code: 0 text, 1 yes/no, 2 numeric, 3 date, 4 time, 5 country, "
                    + "6 select one, 8 segmenting, 9 system, 15 SMS phone, 16 phone, 17 timestamp, 20 multi-select"),
            Map.entry("LIST_ID", POSITIVE),
            Map.entry("CONTACT_LIST_ID", POSITIVE),
            Map.entry("INDEX", POSITIVE + " (the 1-based position of the field in the source file)"),
            Map.entry("NAME", "a column name (it must not be empty)"),
            Map.entry("HASHEADERS", FLAG),
            Map.entry("DOUBLE_OPT_IN", FLAG),
            Map.entry("ENCODED_AS_MD5", FLAG),
            Map.entry("USE_RECIPIENT_ID", FLAG),
            Map.entry("IS_REQUIRED", FLAG),
            Map.entry("KEY_COLUMN", FLAG),
            Map.entry("INCLUDE", FLAG),
            Map.entry("IS_CONSENT", FLAG),
            Map.entry("HONOR_OPT_OUT_STATUS", FLAG),
            Map.entry("OVERRIDE_ON_NO_CHANGE", FLAG));

    private SchemaMessages() {
    }

    /**
     * A readable message for a validation error raised while {@code current} was the innermost
     * open element (null before the root).
     */
    static String describe(SAXParseException e, XmlElement current) {
        String raw = String.valueOf(e.getMessage());
        Matcher m = CODE.matcher(raw);
        if (!m.matches() || current == null) {
            return raw;
        }
        String code = m.group(1);
        String detail = m.group(2);
        String element = current.name();
        if (isValueError(code)) {
            String expectation = EXPECTATIONS.get(element);
            if (expectation != null) {
                return "element '" + element + "': value '" + current.collapsedText() + "' is not " + expectation;
            }
            return "element '" + element + "': " + detail;
        }
        if (code.startsWith("cvc-complex-type.2.4.a") || code.startsWith("cvc-complex-type.2.4.d")) {
            XmlElement parent = current.parent();
            if (parent != null && parent.children(element).size() > 1) {
                return "element '" + element + "' appears more than once inside '" + parent.name() + "'";
            }
            String where = parent == null ? "" : " inside '" + parent.name() + "'";
            String expected = expected(detail);
            return "element '" + element + "' is not allowed" + where + " (unknown or misplaced)"
                    + (expected == null ? "" : "; expected one of " + expected);
        }
        if (code.startsWith("cvc-complex-type.2.4.b")) {
            List<String> missing = requiredChildren(current).stream()
                    .filter(r -> current.child(r).isEmpty())
                    .toList();
            if (!missing.isEmpty()) {
                return "element '" + element + "' lacks " + String.join(" and ", missing);
            }
            String expected = expected(detail);
            return "element '" + element + "' is incomplete"
                    + (expected == null ? "" : "; it still needs one of " + expected);
        }
        if (code.startsWith("cvc-complex-type.2.3") || code.startsWith("cvc-complex-type.2.1")) {
            return "element '" + element + "' must hold only elements, not text";
        }
        if (code.startsWith("cvc-type.3.1.2")) {
            return "element '" + element + "' must hold a value, not other elements";
        }
        if (code.startsWith("cvc-complex-type.3.2") || code.startsWith("cvc-type.3.1.1")) {
            Matcher q = QUOTED.matcher(detail);
            String attribute = q.find() ? q.group(1) : "?";
            return "element '" + element + "': attribute '" + attribute + "' is not allowed";
        }
        if (code.startsWith("cvc-elt.1") && element.equals("LIST_IMPORT")) {
            return "the root element LIST_IMPORT must not be in an XML namespace";
        }
        if (code.startsWith("cvc-elt.1")) {
            return "the root element must be LIST_IMPORT, not '" + element + "'";
        }
        return "element '" + element + "': " + detail;
    }

    /** The children the schema requires, which Xerces lists among the optional ones for xs:all. */
    private static List<String> requiredChildren(XmlElement e) {
        String parent = e.parent() == null ? "" : e.parent().name();
        return switch (e.name()) {
            case "LIST_IMPORT" -> List.of("LIST_INFO", "MAPPING");
            case "LIST_INFO" -> List.of("ACTION", "FILE_TYPE");
            case "MAPPING" -> List.of("COLUMN");
            case "COLUMN" -> parent.equals("MAPPING") ? List.of("INDEX", "NAME") : List.of("NAME", "TYPE");
            case "SYNC_FIELD" -> List.of("NAME");
            case "CONSENT" -> List.of("CHANNEL");
            default -> List.of();
        };
    }

    private static boolean isValueError(String code) {
        return code.startsWith("cvc-enumeration-valid") || code.startsWith("cvc-pattern-valid")
                || code.startsWith("cvc-datatype-valid") || code.startsWith("cvc-type.3.1.3")
                || code.startsWith("cvc-minInclusive-valid") || code.startsWith("cvc-maxInclusive-valid")
                || code.startsWith("cvc-length-valid") || code.startsWith("cvc-complex-type.2.2");
    }

    private static String expected(String detail) {
        Matcher m = EXPECTED.matcher(detail);
        if (!m.find()) {
            return null;
        }
        // Xerces writes '{"":MAPPING, "":SYNC_FIELDS}' for elements without namespace
        return m.group(1).replace("\"\":", "").replace("\"", "").strip();
    }
}
