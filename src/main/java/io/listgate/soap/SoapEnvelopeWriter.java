package io.listgate.soap;

import io.listgate.api.EnvelopeWriter;
import io.listgate.api.Fault;
import io.listgate.api.Result;
import io.listgate.xml.XmlChars;
import java.io.StringWriter;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes SOAP responses in the vendor's exact shape, which scripts parse by text (spec soap.md):
 * prefix {@code envelope}, the operation's namespace as the default namespace declared first on
 * {@code envelope:Envelope}, an empty {@code envelope:Header}, and an unprefixed {@code RESULT}
 * directly in {@code envelope:Body}. No XML declaration, no whitespace between elements.
 */
final class SoapEnvelopeWriter {

    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newInstance();

    private SoapEnvelopeWriter() {
    }

    static String success(String namespace, Result result) {
        return write(namespace, w -> {
            w.writeStartElement("RESULT");
            element(w, "SUCCESS", "true");
            for (Result.Node node : result.nodes()) {
                EnvelopeWriter.node(w, node);
            }
            w.writeEndElement();
        });
    }

    /** SOAP 1.1 fault; {@code detail/error} carries the same errorid and class as the XML API. */
    static String fault(Fault fault, String faultString) {
        return write(null, w -> {
            w.writeStartElement("envelope", "Fault", SoapNamespaces.ENVELOPE);
            element(w, "faultcode", fault == Fault.INTERNAL_ERROR ? "envelope:Server" : "envelope:Client");
            element(w, "faultstring", faultString);
            EnvelopeWriter.errorDetail(w, fault);
            w.writeEndElement();
        });
    }

    private interface BodyContent {
        void write(XMLStreamWriter w) throws XMLStreamException;
    }

    private static String write(String defaultNamespace, BodyContent content) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = OUTPUT.createXMLStreamWriter(out);
            w.writeStartElement("envelope", "Envelope", SoapNamespaces.ENVELOPE);
            if (defaultNamespace != null) {
                w.writeDefaultNamespace(defaultNamespace);
            }
            w.writeNamespace("envelope", SoapNamespaces.ENVELOPE);
            w.writeEmptyElement("envelope", "Header", SoapNamespaces.ENVELOPE);
            w.writeStartElement("envelope", "Body", SoapNamespaces.ENVELOPE);
            content.write(w);
            w.writeEndElement();
            w.writeEndElement();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write a SOAP response", e);
        }
        return out.toString();
    }

    private static void element(XMLStreamWriter w, String name, String text) throws XMLStreamException {
        w.writeStartElement(name);
        w.writeCharacters(XmlChars.clean(text));
        w.writeEndElement();
    }
}
