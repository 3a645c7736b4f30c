package io.listgate.api;

import io.listgate.xml.HardenedXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses request envelopes with the hardened parser ({@link HardenedXml}) and turns what it refuses
 * into faults (a DOCTYPE or an entity is FORBIDDEN_XML; too deep nesting and anything else not
 * well-formed MALFORMED_REQUEST, as is XML 1.1). Finds the operation element of an XML API envelope.
 */
public final class EnvelopeReader {

    private static final String XML_10 = "1.0";

    private EnvelopeReader() {
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
        Document document;
        try {
            document = HardenedXml.threadDocumentBuilder().parse(source);
        } catch (SAXParseException e) {
            String message = String.valueOf(e.getMessage());
            if (HardenedXml.isTooDeep(e)) {
                throw Fault.MALFORMED_REQUEST.exception("The request nests elements more than " + HardenedXml.MAX_DEPTH
                        + " levels deep");
            }
            if (message.contains("DOCTYPE") || message.contains("entit")) {
                throw Fault.FORBIDDEN_XML.exception();
            }
            throw Fault.MALFORMED_REQUEST.exception("The request is not well-formed XML (line " + e.getLineNumber()
                    + ", column " + e.getColumnNumber() + "): " + message);
        } catch (SAXException e) {
            throw Fault.FORBIDDEN_XML.exception();
        } catch (IOException e) {
            throw Fault.MALFORMED_REQUEST.exception("The request could not be read as XML: " + e.getMessage());
        }
        // XML 1.1 lets &#1; and other control characters in; nothing we answer or store may hold them.
        if (!XML_10.equals(document.getXmlVersion())) {
            throw Fault.MALFORMED_REQUEST.exception("Only XML 1.0 is accepted; the request declares XML "
                    + document.getXmlVersion());
        }
        return document;
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
}
