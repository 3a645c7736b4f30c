package io.listgate.api;

import io.listgate.xml.XmlChars;
import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes response envelopes exactly as clients parse them: un-prefixed, un-namespaced
 * {@code <Envelope><Body><RESULT>}, {@code SUCCESS} as {@code TRUE} or lowercase {@code false},
 * and for faults {@code RESULT} before {@code Fault} with a numeric {@code errorid}. A character XML
 * 1.0 cannot carry is written as U+FFFD ({@link XmlChars}), so every answer is well-formed.
 */
public final class EnvelopeWriter {

    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newInstance();

    private EnvelopeWriter() {
    }

    public static String success(Result result) {
        return write(w -> {
            w.writeStartElement("RESULT");
            element(w, "SUCCESS", result.successText().orElse("TRUE"));
            for (Result.Node node : result.nodes()) {
                node(w, node);
            }
            w.writeEndElement();
        });
    }

    public static String fault(Fault fault, String faultString) {
        return write(w -> {
            w.writeStartElement("RESULT");
            element(w, "SUCCESS", "false");
            w.writeEndElement();
            w.writeStartElement("Fault");
            w.writeEmptyElement("Request");
            w.writeEmptyElement("FaultCode");
            element(w, "FaultString", faultString);
            errorDetail(w, fault);
            w.writeEndElement();
        });
    }

    /** {@code <detail><error><errorid/>…<class/>…</error></detail>}: the pair clients react to; shared with SOAP faults. */
    public static void errorDetail(XMLStreamWriter w, Fault fault) throws XMLStreamException {
        w.writeStartElement("detail");
        w.writeStartElement("error");
        element(w, "errorid", String.valueOf(fault.errorId()));
        w.writeEmptyElement("module");
        element(w, "class", fault.errorClass());
        w.writeEmptyElement("method");
        w.writeEndElement();
        w.writeEndElement();
    }

    /** Writes one result node (and its children); shared with the SOAP adapter. */
    public static void node(XMLStreamWriter w, Result.Node node) throws XMLStreamException {
        if (node.text() != null) {
            element(w, node.name(), node.text());
            return;
        }
        w.writeStartElement(node.name());
        for (Result.Node child : node.children()) {
            node(w, child);
        }
        w.writeEndElement();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        // Stored values and echoed input may hold characters XML cannot carry; the writer would emit them raw.
        w.writeCharacters(XmlChars.clean(text));
        w.writeEndElement();
    }

    private interface BodyContent {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String write(BodyContent content) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("Envelope");
            w.writeStartElement("Body");
            content.write(w);
            w.writeEndElement();
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a response envelope", e);
        }
        return out.toString();
    }
}
