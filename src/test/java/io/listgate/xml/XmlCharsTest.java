package io.listgate.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class XmlCharsTest {

    @Test
    void textXmlCanCarryIsLeftAsItIs() {
        String text = "Renée \t\r\n 😀 \uFFFD end";

        assertSame(text, XmlChars.clean(text));
        assertTrue(XmlChars.firstIllegal(text).isEmpty());
    }

    @Test
    void controlCharactersLoneSurrogatesAndNonCharactersAreReplaced() {
        assertEquals("a\uFFFDb\uFFFDc\uFFFD\uFFFD", XmlChars.clean("a\u0001b\uD800c\uFFFE\u001F"));
        assertEquals(OptionalInt.of(0x1), XmlChars.firstIllegal("ok\u0001"));
        assertEquals("U+0001", XmlChars.name(0x1));
    }
}
