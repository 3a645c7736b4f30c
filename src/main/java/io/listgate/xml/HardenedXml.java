package io.listgate.xml;

import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.EntityResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;

/**
 * DOM and SAX parsers that refuse any DOCTYPE (so no external entities and no entity expansion),
 * XInclude, external DTD or schema access and elements nested deeper than {@link #MAX_DEPTH}, and
 * that fail on the first error instead of printing it to stderr. A refused DOCTYPE, entity or depth
 * surfaces as a {@link SAXException}.
 */
public final class HardenedXml {

    /**
     * Deepest element nesting accepted. Our documents are a few levels deep; thousands of levels make
     * recursive DOM code (getTextContent, the validator) overflow the thread's stack.
     */
    public static final int MAX_DEPTH = 100;
    /** The JDK parser's limit, by its API name (the {@code jdk.xml.} spelling is JDK 21 and later only). */
    private static final String MAX_DEPTH_PROPERTY = "http://www.oracle.com/xml/jaxp/properties/maxElementDepth";

    private record Feature(String name, boolean value) {
    }

    /** Shared by the DOM and the SAX factory, so the two cannot drift apart. */
    private static final List<Feature> FEATURES = List.of(
            new Feature(XMLConstants.FEATURE_SECURE_PROCESSING, true),
            new Feature("http://apache.org/xml/features/disallow-doctype-decl", true),
            new Feature("http://xml.org/sax/features/external-general-entities", false),
            new Feature("http://xml.org/sax/features/external-parameter-entities", false),
            new Feature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false));

    private static final DocumentBuilderFactory DOM = documentBuilderFactory();
    private static final SAXParserFactory SAX = saxParserFactory();

    /** Fails the parse on the first error; ignores warnings. */
    public static final ErrorHandler THROWING = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /** Second line of defence: with DOCTYPE refused nothing should ever ask to resolve an entity. */
    private static final EntityResolver NO_ENTITIES = (publicId, systemId) -> {
        throw new SAXException("external entities are not allowed");
    };

    private static final ThreadLocal<DocumentBuilder> THREAD_BUILDER = ThreadLocal.withInitial(HardenedXml::documentBuilder);

    private HardenedXml() {
    }

    /** A new namespace-aware DOM factory with the settings above. */
    public static DocumentBuilderFactory documentBuilderFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setNamespaceAware(true);
            for (Feature feature : FEATURES) {
                f.setFeature(feature.name(), feature.value());
            }
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setAttribute(MAX_DEPTH_PROPERTY, String.valueOf(MAX_DEPTH));
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
        } catch (ParserConfigurationException e) {
            throw missingFeature(e);
        }
        return f;
    }

    private static SAXParserFactory saxParserFactory() {
        SAXParserFactory f = SAXParserFactory.newInstance();
        try {
            f.setNamespaceAware(true);
            f.setXIncludeAware(false);
            for (Feature feature : FEATURES) {
                f.setFeature(feature.name(), feature.value());
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw missingFeature(e);
        }
        return f;
    }

    /** A DOM builder that fails on the first error and resolves no entity. */
    public static DocumentBuilder documentBuilder() {
        try {
            DocumentBuilder builder = DOM.newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver(NO_ENTITIES);
            return builder;
        } catch (ParserConfigurationException e) {
            throw missingFeature(e);
        }
    }

    /**
     * This thread's DOM builder with the settings of {@link #documentBuilder}, for the API's hot path:
     * a new builder costs more than parsing a small envelope. Use it for one parse at a time and do not
     * change its handlers; a builder starts each parse afresh, after a failed one too.
     */
    public static DocumentBuilder threadDocumentBuilder() {
        return THREAD_BUILDER.get();
    }

    /** A SAX reader that fails on the first error and resolves no entity; set its content handler. */
    public static XMLReader xmlReader() {
        try {
            SAXParser parser = SAX.newSAXParser();
            // SAXParserFactory has no attributes: external access is closed on each parser instead.
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            parser.setProperty(MAX_DEPTH_PROPERTY, String.valueOf(MAX_DEPTH));
            XMLReader reader = parser.getXMLReader();
            reader.setEntityResolver(NO_ENTITIES);
            reader.setErrorHandler(THROWING);
            return reader;
        } catch (ParserConfigurationException | SAXException e) {
            throw missingFeature(e);
        }
    }

    /** Whether the parser gave up because elements were nested deeper than {@link #MAX_DEPTH}. */
    public static boolean isTooDeep(SAXException e) {
        // JAXP00010006, the JDK's message for its element depth limit, names the limit's property.
        return String.valueOf(e.getMessage()).contains("maxElementDepth");
    }

    private static IllegalStateException missingFeature(Exception e) {
        return new IllegalStateException("the JDK XML parser lacks a required security feature", e);
    }
}
