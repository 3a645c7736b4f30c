package io.listgate.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An element of the mapping file with the line it starts on; the tree the schema pass builds. */
final class XmlElement {

    private final String name;
    private final int line;
    private final XmlElement parent;
    private final StringBuilder text = new StringBuilder();
    private final List<XmlElement> children = new ArrayList<>();
    private boolean reported;

    XmlElement(String name, int line, XmlElement parent) {
        this.name = name;
        this.line = line;
        this.parent = parent;
    }

    String name() {
        return name;
    }

    int line() {
        return line;
    }

    XmlElement parent() {
        return parent;
    }

    void appendText(char[] ch, int start, int length) {
        text.append(ch, start, length);
    }

    void add(XmlElement child) {
        children.add(child);
    }

    /** All text directly inside, CDATA included, stripped of surrounding whitespace. */
    String text() {
        return text.toString().strip();
    }

    /** The text with inner runs of whitespace made one space, as the schema's token types see it. */
    String collapsedText() {
        return text().replaceAll("\\s+", " ");
    }

    /** The first child of this name. */
    Optional<XmlElement> child(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).findFirst();
    }

    /** The children of this name, in file order. */
    List<XmlElement> children(String childName) {
        return children.stream().filter(c -> c.name.equals(childName)).toList();
    }

    /** The stripped text of the named child; empty when the child is absent or empty. */
    Optional<String> value(String childName) {
        return child(childName).map(XmlElement::text).filter(s -> !s.isEmpty());
    }

    /** The line of the named child, or of this element when the child is absent. */
    int lineOf(String childName) {
        return child(childName).map(XmlElement::line).orElse(line);
    }

    /** Marks this element as having a schema problem already; returns whether it had none before. */
    boolean markReported() {
        boolean first = !reported;
        reported = true;
        return first;
    }
}
