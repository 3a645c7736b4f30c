package io.listgate.soap;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code wsdl/listgate.wsdl} and the schemas it imports from {@code xsd/soap/}, as served: the
 * {@code soap:address} names the address the client used, and each {@code schemaLocation}
 * ({@code ../xsd/soap/<file>} in the repository) becomes {@code SoapApi?xsd=<file>}.
 */
final class WsdlDocument {

    private static final Pattern ADDRESS = Pattern.compile("<soap:address location=\"[^\"]*\"/>");
    private static final Pattern SCHEMA_LOCATION = Pattern.compile("schemaLocation=\"\\.\\./xsd/soap/([a-z-]+\\.xsd)\"");
    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z-]+\\.xsd");

    private final String wsdl = resource("/wsdl/listgate.wsdl")
            .orElseThrow(() -> new IllegalStateException("wsdl/listgate.wsdl is missing from the classpath"));

    /** The WSDL with {@code address} (e.g. {@code http://host:8080/SoapApi}) as the endpoint. */
    String wsdl(String address) {
        String withAddress = ADDRESS.matcher(wsdl).replaceFirst("<soap:address location=\"" + escape(address) + "\"/>");
        return SCHEMA_LOCATION.matcher(withAddress).replaceAll("schemaLocation=\"SoapApi?xsd=$1\"");
    }

    /** One imported schema by file name; empty for anything else (no path traversal: names are checked). */
    Optional<String> schema(String name) {
        if (name == null || !SCHEMA_NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return resource("/xsd/soap/" + name);
    }

    private static Optional<String> resource(String path) {
        try (InputStream in = WsdlDocument.class.getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }
}
