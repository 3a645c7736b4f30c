package io.listgate.support;

import java.io.IOException;
import java.io.StringReader;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.xml.sax.SAXException;

/**
 * The envelope schemas of {@code xsd/xmlapi/}, read from the classpath as the jar ships them:
 * {@code requests.xsd} for every request, {@code <Operation>-response.xsd} for each operation's
 * success and {@code fault-response.xsd} for every fault.
 */
public final class EnvelopeSchemas {

    private static final Map<String, Schema> SCHEMAS = new ConcurrentHashMap<>();

    private EnvelopeSchemas() {
    }

    public static Schema schema(String file) {
        return SCHEMAS.computeIfAbsent(file, name -> {
            URL url = EnvelopeSchemas.class.getClassLoader().getResource("xsd/xmlapi/" + name);
            if (url == null) {
                throw new IllegalArgumentException("no schema xsd/xmlapi/" + name + " on the classpath");
            }
            try {
                SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
                return factory.newSchema(url);
            } catch (SAXException e) {
                throw new IllegalStateException("schema " + name + " does not compile: " + e.getMessage(), e);
            }
        });
    }

    /** The validation error, or null when {@code xml} is valid against {@code file}. */
    public static String problem(String file, String xml) {
        try {
            schema(file).newValidator().validate(new StreamSource(new StringReader(xml)));
            return null;
        } catch (SAXException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void assertValidRequest(String xml) {
        assertValid("requests.xsd", xml);
    }

    /** Validates a response of {@code operation}: a fault if SUCCESS is false, its success shape otherwise. */
    public static void assertValidResponse(String operation, String xml) {
        String success = new XmlApiClient.Reply(200, "text/xml", xml).success();
        assertValid("false".equals(success) ? "fault-response.xsd" : operation + "-response.xsd", xml);
    }

    public static void assertValid(String file, String xml) {
        String problem = problem(file, xml);
        if (problem != null) {
            throw new AssertionError("not valid against xsd/xmlapi/" + file + ": " + problem + "\n" + xml);
        }
    }
}
