package io.listgate.api;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Optional;
import org.w3c.dom.Document;

/**
 * A request body as {@link ApiDispatcher} read it (never more than the size limit), with the
 * {@code Content-Type} it came with. The one place that reads a charset out of a content type.
 */
public record RequestBody(String contentType, byte[] bytes) {

    /** The {@code charset} parameter of the content type, if any; one Java does not know is a fault. */
    public Optional<Charset> charset() {
        if (contentType == null) {
            return Optional.empty();
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim().replace("\"", "");
                try {
                    return Optional.of(Charset.forName(name));
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    throw Fault.INVALID_VALUE.exception("Unsupported charset in Content-Type: " + name);
                }
            }
        }
        return Optional.empty();
    }

    /** The bytes as an XML document: the content type's charset decides, else the XML declaration. */
    public Document xml() {
        return EnvelopeReader.parse(bytes, charset().map(Charset::name).orElse(null));
    }
}
