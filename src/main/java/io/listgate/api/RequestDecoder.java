package io.listgate.api;

import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.w3c.dom.Document;

/**
 * Finds the envelope in a request body, whichever of the three ways a client sent it
 * (spec: Transport): a URL-encoded {@code xml=} form field (ISO-8859-1 unless the content type
 * names a charset), a form field holding raw un-encoded XML, or a {@code text/xml} body.
 */
public final class RequestDecoder {

    private static final byte[] RAW_FORM_PREFIX = "xml=<".getBytes(StandardCharsets.US_ASCII);

    private RequestDecoder() {
    }

    public static Document decode(String contentType, byte[] body) {
        if (body.length == 0 || isBlank(body)) {
            throw Fault.EMPTY_REQUEST.exception();
        }
        RequestBody request = new RequestBody(contentType, body);
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        Optional<Charset> charset = request.charset();
        boolean form = mediaType.equals("application/x-www-form-urlencoded") || startsWith(body, "xml=".getBytes(StandardCharsets.US_ASCII));
        if (!form) {
            return request.xml();
        }
        Charset formCharset = charset.orElse(StandardCharsets.ISO_8859_1);
        ApiException rawFailure = null;
        if (startsWith(body, RAW_FORM_PREFIX)) {
            // A URL encoder never leaves '<' as is, so xml=< is raw XML (spec: Transport, 2): take it
            // verbatim first, or a '+' or '%41' in a value would be form-decoded into something else.
            try {
                return EnvelopeReader.parse(new String(body, RAW_FORM_PREFIX.length - 1,
                        body.length - RAW_FORM_PREFIX.length + 1, formCharset));
            } catch (ApiException e) {
                rawFailure = e; // e.g. raw XML followed by more form fields: try the form
            }
        }
        String field = formField(new String(body, StandardCharsets.ISO_8859_1), formCharset);
        if (field == null) {
            if (rawFailure != null) {
                throw rawFailure;
            }
            throw Fault.EMPTY_REQUEST.exception("The form has no xml field: send the envelope as xml=<Envelope>...");
        }
        try {
            return EnvelopeReader.parse(field);
        } catch (ApiException e) {
            throw rawFailure != null ? rawFailure : e;
        }
    }

    private static String formField(String body, Charset charset) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (name.equals("xml")) {
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                try {
                    return URLDecoder.decode(value, charset);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean startsWith(byte[] body, byte[] prefix) {
        return body.length >= prefix.length && Arrays.equals(body, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
