package io.listgate.support;

import io.listgate.xml.HardenedXml;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Which answer elements clients parse as integers without checking (spec xmlapi.md, GetLists;
 * xmlapi-more.md §9), told by name so that operations added later are covered without a list to
 * keep: {@code ID}, {@code *_ID}, {@code …Id}, {@code NUM_*}, {@code SIZE}, {@code TYPE},
 * {@code VISIBILITY}, {@code errorid}, {@code EmailType}, {@code CreatedFrom}, and in
 * {@code PARAMETER}s the job counters ({@code TOTAL_*}, {@code SQL_*}, {@code BAD_*}, ...).
 */
public final class NumericElements {

    /** Integers, yet empty by contract: PARENT_DATABASE_ID of a database (xmlapi-more.md §9). */
    public static final Set<String> EMPTY_ALLOWED = Set.of("PARENT_DATABASE_ID");

    private static final Pattern NUMERIC_NAME = Pattern.compile(
            "ID|.+_ID|[A-Za-z]+[a-z]Id|NUM_.+|SIZE|TYPE|VISIBILITY|errorid|EmailType|CreatedFrom");
    private static final Pattern COUNTER = Pattern.compile("TOTAL_.+|SQL_.+|BAD_.+|NOT_ALLOWED|DUPLICATES");
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

    private NumericElements() {
    }

    /** Whether an element of this name holds an integer. */
    public static boolean isNumeric(String name) {
        return NUMERIC_NAME.matcher(name).matches();
    }

    /** Whether a job PARAMETER of this NAME holds an integer. */
    public static boolean isNumericParameter(String name) {
        return isNumeric(name) || COUNTER.matcher(name).matches();
    }

    /** The paths of numeric elements of an answer that are not integers (empty, blank or words). */
    public static List<String> notIntegers(String xml) {
        Document doc;
        try {
            doc = HardenedXml.documentBuilderFactory().newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + xml, e);
        }
        List<String> problems = new ArrayList<>();
        walk(doc.getDocumentElement(), doc.getDocumentElement().getLocalName(), problems);
        return problems;
    }

    private static void walk(Element element, String path, List<String> problems) {
        NodeList children = element.getChildNodes();
        boolean leaf = true;
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                leaf = false;
                walk(child, path + "/" + child.getLocalName(), problems);
            }
        }
        String name = element.getLocalName();
        if (leaf && isNumeric(name) && !EMPTY_ALLOWED.contains(name) && !isInteger(element.getTextContent())) {
            problems.add(path + " = '" + element.getTextContent() + "'");
        }
        if ("PARAMETER".equals(name)) {
            String parameter = childText(element, "NAME");
            String value = childText(element, "VALUE");
            if (parameter != null && isNumericParameter(parameter) && (value == null || !isInteger(value))) {
                problems.add(path + "[NAME=" + parameter + "]/VALUE = '" + value + "'");
            }
        }
    }

    private static boolean isInteger(String text) {
        return INTEGER.matcher(text).matches();
    }

    private static String childText(Element element, String name) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                return e.getTextContent();
            }
        }
        return null;
    }
}
