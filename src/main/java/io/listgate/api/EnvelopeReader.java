package io.listgate.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses request envelopes with a hardened parser: no DOCTYPE at all (so no external entities and
 * no entity expansion), no XInclude, no external access. Returns the operation element.
 */
public final class EnvelopeReader {

    private static final DocumentBuilderFactory FACTORY = hardenedFactory();

    private EnvelopeReader() {
    }

    public static DocumentBuilderFactory hardenedFactory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK XML parser lacks a required security feature", e);
        }
        return f;
    }

    /** Parses text already decoded to characters (form field). */
    public static Document parse(String xml) {
        return parse(new InputSource(new StringReader(xml)));
    }

    /** Parses raw bytes; the XML declaration or {@code charset} (when given) decides the encoding. */
    public static Document parse(byte[] xml, String charset) {
        InputSource source = new InputSource(new ByteArrayInputStream(xml));
        if (charset != null) {
            source.setEncoding(charset);
        }
        return parse(source);
    }

    private static Document parse(InputSource source) {
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(THROWING);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed");
            });
            return builder.parse(source);
        } catch (SAXParseException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE") || message.contains("entit")) {
                throw Fault.FORBIDDEN_XML.exception();
            }
            throw Fault.MALFORMED_REQUEST.exception("The request is not well-formed XML (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + "): " + message);
        } catch (SAXException e) {
            throw Fault.FORBIDDEN_XML.exception();
        } catch (IOException | ParserConfigurationException e) {
            throw Fault.MALFORMED_REQUEST.exception("The request could not be read as XML: " + e.getMessage());
        }
    }

    /** {@code Envelope/Body/<operation>}: the one element inside Body. */
    public static Element operationOf(Document document) {
        Element envelope = document.getDocumentElement();
        if (!"Envelope".equals(ApiRequest.localName(envelope))) {
            throw Fault.MALFORMED_REQUEST.exception("The request must be <Envelope><Body><Operation>...</Operation></Body></Envelope>, not <"
                    + ApiRequest.localName(envelope) + ">");
        }
        Element body = ApiRequest.child(envelope, "Body").orElseThrow(() ->
                Fault.MALFORMED_REQUEST.exception("The Envelope has no Body element"));
        Element operation = null;
        for (Node n = body.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (operation != null) {
                    throw Fault.MALFORMED_REQUEST.exception("The Body must hold exactly one operation element");
                }
                operation = e;
            }
        }
        if (operation == null) {
            throw Fault.MALFORMED_REQUEST.exception("The Body holds no operation element");
        }
        return operation;
    }

    /** Fails the parse on the first error instead of printing it to stderr; ignores warnings. */
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
}
