package io.listgate.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

class HardenedXmlTest {

    private static InputSource source(String xml) {
        return new InputSource(new StringReader(xml));
    }

    private static String externalEntity(Path secret) {
        return "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]><a>&xxe;</a>";
    }

    @Test
    void theDomBuilderParsesPlainXmlWithNamespaces() throws Exception {
        Document document = HardenedXml.documentBuilder().parse(source("<a xmlns=\"urn:x\"><b>text</b></a>"));

        assertEquals("urn:x", document.getDocumentElement().getNamespaceURI());
        assertEquals("text", document.getDocumentElement().getTextContent());
    }

    @Test
    void theDomBuilderRefusesAnyDoctypeSoAnExternalEntityIsNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");

        SAXParseException e = assertThrows(SAXParseException.class,
                () -> HardenedXml.documentBuilder().parse(source(externalEntity(secret))));

        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
        assertFalse(e.getMessage().contains("TOP-SECRET"));
    }

    @Test
    void theSaxReaderRefusesAnyDoctypeToo(@TempDir Path dir) throws Exception {
        XMLReader reader = HardenedXml.xmlReader();
        reader.setContentHandler(new DefaultHandler());

        SAXParseException e = assertThrows(SAXParseException.class,
                () -> reader.parse(source(externalEntity(dir.resolve("secret.txt")))));

        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void aWellFormednessErrorFailsTheParseInsteadOfGoingToStderr() {
        assertThrows(SAXException.class, () -> HardenedXml.documentBuilder().parse(source("<a><b></a>")));
    }

    private static String nested(int depth) {
        return "<a>".repeat(depth) + "x" + "</a>".repeat(depth);
    }

    @Test
    void theDomBuilderRefusesElementsNestedDeeperThanTheLimit() throws Exception {
        HardenedXml.documentBuilder().parse(source(nested(HardenedXml.MAX_DEPTH)));

        SAXParseException e = assertThrows(SAXParseException.class,
                () -> HardenedXml.documentBuilder().parse(source(nested(10_000))));

        assertTrue(HardenedXml.isTooDeep(e), e.getMessage());
    }

    @Test
    void theSaxReaderRefusesElementsNestedDeeperThanTheLimitToo() throws Exception {
        XMLReader reader = HardenedXml.xmlReader();
        reader.setContentHandler(new DefaultHandler());

        SAXParseException e = assertThrows(SAXParseException.class, () -> reader.parse(source(nested(10_000))));

        assertTrue(HardenedXml.isTooDeep(e), e.getMessage());
    }
}
