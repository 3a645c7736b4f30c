package io.listgate.api;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class RequestDecoderTest {

    private static final String LOGIN = "<Envelope><Body><Login><USERNAME>a@b.test</USERNAME><PASSWORD>Pä+ss w%rd</PASSWORD></Login></Body></Envelope>";

    private static String password(String contentType, byte[] body) {
        Element op = EnvelopeReader.operationOf(RequestDecoder.decode(contentType, body));
        return new ApiRequest(op, null, null).required("PASSWORD");
    }

    @Test
    void urlEncodedFormWithoutCharsetIsIso88591() {
        byte[] body = ("xml=" + URLEncoder.encode(LOGIN, StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.US_ASCII);

        assertEquals("Pä+ss w%rd", password("application/x-www-form-urlencoded", body));
    }

    @Test
    void urlEncodedFormWithCharsetUsesIt() {
        byte[] body = ("xml=" + URLEncoder.encode(LOGIN, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);

        assertEquals("Pä+ss w%rd", password("application/x-www-form-urlencoded; charset=UTF-8", body));
    }

    @Test
    void rawXmlAfterXmlEqualsIsTakenVerbatim() {
        byte[] body = ("xml=" + LOGIN).getBytes(StandardCharsets.ISO_8859_1);

        assertEquals("Pä+ss w%rd", password("application/x-www-form-urlencoded", body));
    }

    @Test
    void rawXmlWhoseValuesWouldAlsoFormDecodeIsStillTakenVerbatim() {
        // given raw XML whose password has a '+' and a valid %-escape, so form decoding would succeed too
        String login = LOGIN.replace("Pä+ss w%rd", "Pä+ss%41");
        byte[] body = ("xml=" + login).getBytes(StandardCharsets.ISO_8859_1);

        // then the value arrives as written
        assertEquals("Pä+ss%41", password("application/x-www-form-urlencoded", body));
    }

    @Test
    void textXmlBodyIsParsedAsIs() {
        assertEquals("Pä+ss w%rd", password("text/xml", LOGIN.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void otherFormFieldsAroundXmlAreIgnored() {
        byte[] body = ("a=1&xml=" + URLEncoder.encode(LOGIN, StandardCharsets.ISO_8859_1) + "&b=2").getBytes(StandardCharsets.US_ASCII);

        assertEquals("Pä+ss w%rd", password("application/x-www-form-urlencoded", body));
    }

    @Test
    void emptyElementsCountAsAbsentAndCdataAsText() {
        String xml = "<Envelope><Body><ImportList><EMAIL><![CDATA[]]></EMAIL><FILE_ENCODING/>"
                + "<MAP_FILE><![CDATA[ map.xml ]]></MAP_FILE></ImportList></Body></Envelope>";
        ApiRequest request = new ApiRequest(EnvelopeReader.operationOf(EnvelopeReader.parse(xml)), null, null);

        assertTrue(request.text("EMAIL").isEmpty());
        assertTrue(request.text("FILE_ENCODING").isEmpty());
        assertEquals("map.xml", request.required("MAP_FILE"));
    }

    @Test
    void unknownCharsetIsAFault() {
        ApiException e = assertThrows(ApiException.class,
                () -> RequestDecoder.decode("text/xml; charset=klingon", LOGIN.getBytes(StandardCharsets.UTF_8)));

        assertEquals(Fault.INVALID_VALUE, e.fault());
    }
}
