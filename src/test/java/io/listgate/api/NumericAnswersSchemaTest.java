package io.listgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.support.NumericElements;
import io.listgate.xml.HardenedXml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Every answer schema ({@code xsd/xmlapi/*-response.xsd}, including those of operations added later)
 * types each numeric element ({@link NumericElements}) so that an empty or non-numeric value is
 * invalid: clients parse them as integers without checking (spec xmlapi.md, GetLists). Together with
 * {@code EnvelopeFixturesIT}, which validates every answer the fixtures produce and walks it for empty
 * numbers, no operation can answer {@code <USER_ID></USER_ID>}.
 */
class NumericAnswersSchemaTest {

    private static final String XS = "http://www.w3.org/2001/XMLSchema";
    /** Built-in types whose lexical space has no empty string. */
    private static final Set<String> INTEGER_TYPES = Set.of("xs:int", "xs:integer", "xs:long", "xs:short",
            "xs:nonNegativeInteger", "xs:positiveInteger", "xs:unsignedInt", "xs:unsignedLong");

    static Stream<Path> answerSchemas() {
        try (Stream<Path> files = Files.list(schemaFolder())) {
            return files.filter(p -> p.getFileName().toString().endsWith("-response.xsd")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answerSchemas")
    void everyNumericElementOfAnAnswerSchemaRefusesAnEmptyValue(Path schema) {
        // given the named simple types of all answer schemas
        Map<String, Element> types = namedSimpleTypes();
        // when each element named like a number is looked at
        List<String> lenient = new ArrayList<>();
        NodeList elements = parse(schema).getElementsByTagNameNS(XS, "element");
        for (int i = 0; i < elements.getLength(); i++) {
            Element element = (Element) elements.item(i);
            String name = element.getAttribute("name");
            if (!name.isEmpty() && NumericElements.isNumeric(name) && !NumericElements.EMPTY_ALLOWED.contains(name)
                    && acceptsEmpty(element, types)) {
                lenient.add(name);
            }
        }
        // then its type has no empty value
        assertEquals(List.of(), lenient, schema.getFileName() + ": numeric elements whose type accepts an empty value");
    }

    @Test
    void theNamingRuleKnowsTheNumbersOfTheContractAndNotItsWords() {
        for (String name : List.of("ID", "USER_ID", "PARENT_FOLDER_ID", "RecipientId", "NUM_OPT_OUTS", "SIZE", "TYPE",
                "VISIBILITY", "errorid", "JOB_ID", "ORGANIZATION_ID", "EmailType")) {
            assertTrue(NumericElements.isNumeric(name), name);
        }
        for (String name : List.of("SESSIONID", "NAME", "SUCCESS", "LAST_MODIFIED", "JOB_STATUS", "SESSION_ENCODING")) {
            assertFalse(NumericElements.isNumeric(name), name);
        }
        assertEquals(List.of("Envelope/Body/RESULT/LIST/USER_ID = ''", "Envelope/Body/RESULT/LIST/PARENT_FOLDER_ID = ' '"),
                NumericElements.notIntegers("<Envelope><Body><RESULT><SUCCESS>TRUE</SUCCESS><LIST><ID>3</ID><NAME/>"
                        + "<USER_ID></USER_ID><PARENT_FOLDER_ID> </PARENT_FOLDER_ID></LIST></RESULT></Body></Envelope>"));
        assertEquals(List.of("Envelope/Body/RESULT/PARAMETERS/PARAMETER[NAME=TOTAL_ROWS]/VALUE = ''"),
                NumericElements.notIntegers("<Envelope><Body><RESULT><PARAMETERS><PARAMETER><NAME>TOTAL_ROWS</NAME><VALUE/>"
                        + "</PARAMETER><PARAMETER><NAME>LIST_NAME</NAME><VALUE/></PARAMETER></PARAMETERS></RESULT></Body></Envelope>"));
    }

    /** Whether the element's type (named, built-in or inline) has an empty value. */
    private static boolean acceptsEmpty(Element element, Map<String, Element> types) {
        String type = element.getAttribute("type");
        if (!type.isEmpty()) {
            return typeAcceptsEmpty(type, types);
        }
        NodeList complex = element.getElementsByTagNameNS(XS, "complexType");
        if (complex.getLength() > 0) {
            return false; // a group of elements, not a value
        }
        NodeList simple = element.getElementsByTagNameNS(XS, "simpleType");
        return simple.getLength() == 0 || simpleTypeAcceptsEmpty((Element) simple.item(0), types);
    }

    private static boolean typeAcceptsEmpty(String type, Map<String, Element> types) {
        if (INTEGER_TYPES.contains(type)) {
            return false;
        }
        Element named = types.get(type);
        return named == null || simpleTypeAcceptsEmpty(named, types);
    }

    private static boolean simpleTypeAcceptsEmpty(Element simpleType, Map<String, Element> types) {
        NodeList restrictions = simpleType.getElementsByTagNameNS(XS, "restriction");
        if (restrictions.getLength() == 0) {
            return true; // a list or union: not a plain number
        }
        Element restriction = (Element) restrictions.item(0);
        NodeList enumerations = restriction.getElementsByTagNameNS(XS, "enumeration");
        NodeList patterns = restriction.getElementsByTagNameNS(XS, "pattern");
        if (enumerations.getLength() > 0) {
            for (int i = 0; i < enumerations.getLength(); i++) {
                if (((Element) enumerations.item(i)).getAttribute("value").isEmpty()) {
                    return true;
                }
            }
            return false;
        }
        if (patterns.getLength() > 0) {
            for (int i = 0; i < patterns.getLength(); i++) {
                if ("".matches(((Element) patterns.item(i)).getAttribute("value"))) {
                    return true;
                }
            }
            return false;
        }
        return typeAcceptsEmpty(restriction.getAttribute("base"), types);
    }

    private static Map<String, Element> namedSimpleTypes() {
        Map<String, Element> types = new HashMap<>();
        try (Stream<Path> files = Files.list(schemaFolder())) {
            files.filter(p -> p.toString().endsWith(".xsd")).forEach(p -> {
                NodeList simple = parse(p).getElementsByTagNameNS(XS, "simpleType");
                for (int i = 0; i < simple.getLength(); i++) {
                    Element t = (Element) simple.item(i);
                    if (!t.getAttribute("name").isEmpty()) {
                        types.put(t.getAttribute("name"), t);
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return types;
    }

    private static Path schemaFolder() {
        try {
            return Paths.get(NumericAnswersSchemaTest.class.getResource("/xsd/xmlapi/response-types.xsd").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Document parse(Path file) {
        try {
            return HardenedXml.documentBuilderFactory().newDocumentBuilder().parse(file.toFile());
        } catch (Exception e) {
            throw new AssertionError("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
