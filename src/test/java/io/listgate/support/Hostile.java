package io.listgate.support;

import java.util.List;
import java.util.Random;

/** The pieces the fuzz suites put into requests, mapping files, sources and file names, and how they put them in. */
public final class Hostile {

    public static final List<String> PIECES = List.of(
            "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "&#1;", "&#x0;", "]]>", "\u0000", "\u0001",
            "\uD800", "%ZZ", "'; DROP TABLE contact_list; --", "\" OR 1=1 --", "../../../../etc/passwd", "/etc/passwd",
            "..\\..\\windows\\win.ini", "${jndi:ldap://127.0.0.1/x}", "<![CDATA[x]]>", "<a>".repeat(150), "x".repeat(20_000),
            "-1", "99999999999999999999999", "0x10", "NaN", "<Envelope>", "</Body>", "<?xml version=\"1.1\"?>",
            "\uFEFF", "é", "😀", "<COLUMN><NAME>EMAIL</NAME><VALUE>x</VALUE></COLUMN>", "<LIST_ID>abc</LIST_ID>");

    /** Signs of internals in an answer; SQL_ADDED and the other counters are contract names, so SQL alone is not one. */
    public static final List<String> LEAKS = List.of("Exception", "at io.listgate", "java.", "org.eclipse", "SQL syntax",
            "SQLSTATE", "MariaDB", "SELECT ", "contacts_", "Jetty");

    private Hostile() {
    }

    /** The text with a few of these pieces put in, a few characters cut out or a stretch repeated, at random places. */
    public static String mutate(Random random, String text, List<String> pieces) {
        StringBuilder out = new StringBuilder(text);
        int changes = random.nextInt(4);
        for (int c = 0; c < changes; c++) {
            int at = random.nextInt(out.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> out.insert(at, pick(random, pieces));
                case 1 -> out.delete(at, Math.min(out.length(), at + 1 + random.nextInt(8)));
                default -> out.insert(at, out.substring(at, Math.min(out.length(), at + random.nextInt(40))));
            }
        }
        return out.toString();
    }

    public static String pick(Random random, List<String> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** The first leak found in the text, or null. */
    public static String leakIn(String text) {
        return LEAKS.stream().filter(text::contains).findFirst().orElse(null);
    }

    public static String abbreviated(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
