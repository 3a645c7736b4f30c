package io.listgate.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.listgate.xml.HardenedXml;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class EnvelopeWriterTest {

    private static Document parse(String xml) throws Exception {
        return HardenedXml.documentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    @Test
    void aFaultStringHoldingAControlCharacterIsStillWellFormed() throws Exception {
        String xml = EnvelopeWriter.fault(Fault.INVALID_VALUE, "JOB_ID must be a whole number, not 'a\u0001'");

        assertEquals("JOB_ID must be a whole number, not 'a\uFFFD'",
                parse(xml).getElementsByTagName("FaultString").item(0).getTextContent());
    }

    @Test
    void aStoredValueHoldingAControlCharacterIsStillWellFormed() throws Exception {
        String xml = EnvelopeWriter.success(Result.empty().add("LIST_NAME", "News\u0001letter"));

        assertEquals("News\uFFFDletter", parse(xml).getElementsByTagName("LIST_NAME").item(0).getTextContent());
    }
}
