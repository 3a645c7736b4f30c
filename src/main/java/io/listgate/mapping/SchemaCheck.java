package io.listgate.mapping;

import io.listgate.mapping.MappingException.Problem;
import io.listgate.xml.HardenedXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.ValidatorHandler;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.ext.Locator2;

/**
 * One pass over the mapping file: the hardened SAX parser of {@link HardenedXml} (no DOCTYPE, no
 * external entities) feeds the schema's {@link ValidatorHandler} and builds the element tree at the
 * same time, so every problem knows its line and element.
 */
final class SchemaCheck {

    static final String SCHEMA_RESOURCE = "xsd/list-import.xsd";

    /** Enough to fix a file in one go without drowning the reader. */
    private static final int MAX_PROBLEMS = 20;
    private static final String NOT_XML_10 = "the mapping file declares XML 1.1; only XML 1.0 is accepted";

    private static final Schema SCHEMA = loadSchema();

    private SchemaCheck() {
    }

    /** The root element of a well-formed, schema-valid file; otherwise a {@link MappingException}. */
    static XmlElement validate(byte[] xml, String fileName) {
        if (xml.length == 0) {
            throw MappingException.of(fileName, 0, "the mapping file is empty");
        }
        List<Problem> problems = new ArrayList<>();
        TreeBuilder tree;
        try {
            XMLReader reader = HardenedXml.xmlReader();
            ValidatorHandler validator = SCHEMA.newValidatorHandler();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.setResourceResolver((type, ns, publicId, systemId, base) -> {
                throw new IllegalStateException("the mapping schema loads nothing else");
            });
            tree = new TreeBuilder(validator, problems);
            validator.setErrorHandler(tree);
            reader.setContentHandler(tree);
            reader.parse(new InputSource(new ByteArrayInputStream(xml)));
        } catch (TooManyProblems e) {
            throw sorted(fileName, problems);
        } catch (SAXParseException e) {
            problems.add(new Problem(e.getLineNumber(), notWellFormed(e)));
            throw sorted(fileName, problems);
        } catch (SAXException e) {
            if (problems.size() >= MAX_PROBLEMS) {
                throw sorted(fileName, problems);
            }
            problems.add(new Problem(0, "external entities are not allowed in a mapping file"));
            throw sorted(fileName, problems);
        } catch (IOException e) {
            throw MappingException.of(fileName, 0, "the mapping file could not be read: " + e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw sorted(fileName, problems);
        }
        return tree.root;
    }

    private static MappingException sorted(String fileName, List<Problem> problems) {
        List<Problem> byLine = new ArrayList<>(problems);
        byLine.sort(Comparator.comparingInt(Problem::line));
        return new MappingException(fileName, byLine);
    }

    private static String notWellFormed(SAXParseException e) {
        String message = String.valueOf(e.getMessage());
        if (message.equals(NOT_XML_10)) {
            return message;
        }
        if (message.contains("DOCTYPE") || message.contains("disallow-doctype-decl")) {
            return "DOCTYPE declarations are not allowed in a mapping file (no DTD, no entities)";
        }
        if (HardenedXml.isTooDeep(e)) {
            return "elements are nested more than " + HardenedXml.MAX_DEPTH + " levels deep";
        }
        return "the file is not well-formed XML: " + message;
    }

    /** Forwards SAX events to the validator and records elements, lines and text on the way. */
    private static final class TreeBuilder implements ContentHandler, ErrorHandler {

        private final ValidatorHandler validator;
        private final List<Problem> problems;
        private Locator locator;
        private XmlElement current;
        private XmlElement root;

        TreeBuilder(ValidatorHandler validator, List<Problem> problems) {
            this.validator = validator;
            this.problems = problems;
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
            validator.setDocumentLocator(locator);
        }

        @Override
        public void startDocument() throws SAXException {
            validator.startDocument();
        }

        @Override
        public void endDocument() throws SAXException {
            validator.endDocument();
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) throws SAXException {
            validator.startPrefixMapping(prefix, uri);
        }

        @Override
        public void endPrefixMapping(String prefix) throws SAXException {
            validator.endPrefixMapping(prefix);
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            String name = localName == null || localName.isEmpty() ? qName : localName;
            // XML 1.1 lets control characters into names and values that every later answer would carry.
            if (current == null && locator instanceof Locator2 declared && !"1.0".equals(declared.getXMLVersion())) {
                throw new SAXParseException(NOT_XML_10, locator);
            }
            XmlElement element = new XmlElement(name, locator == null ? 0 : locator.getLineNumber(), current);
            if (current == null) {
                root = element;
            } else {
                current.add(element);
            }
            // pushed before validating, so an error about the start tag names this element
            current = element;
            validator.startElement(uri, localName, qName, atts);
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            // validated before popping: value errors surface at the end tag and belong to this element
            validator.endElement(uri, localName, qName);
            current = current.parent();
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            if (current != null) {
                current.appendText(ch, start, length);
            }
            validator.characters(ch, start, length);
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            validator.ignorableWhitespace(ch, start, length);
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            validator.processingInstruction(target, data);
        }

        @Override
        public void skippedEntity(String name) throws SAXException {
            validator.skippedEntity(name);
        }

        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            // Xerces reports a bad value twice (facet, then type); one sentence per element is enough
            if (current == null || current.markReported()) {
                problems.add(new Problem(e.getLineNumber(), SchemaMessages.describe(e, current)));
            }
            if (problems.size() >= MAX_PROBLEMS) {
                throw new TooManyProblems();
            }
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    }

    /** Stops the pass once enough problems are known. */
    private static final class TooManyProblems extends SAXException {
        private static final long serialVersionUID = 1L;
    }

    private static Schema loadSchema() {
        try (InputStream in = SchemaCheck.class.getClassLoader().getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is not on the classpath");
            }
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(new StreamSource(in, SCHEMA_RESOURCE));
        } catch (IOException | SAXException e) {
            throw new IllegalStateException("cannot load " + SCHEMA_RESOURCE, e);
        }
    }
}
