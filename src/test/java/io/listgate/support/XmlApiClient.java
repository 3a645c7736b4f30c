package io.listgate.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/** A plain {@code java.net.http} client of {@code /XMLAPI}, sending envelopes the ways real clients do. */
public final class XmlApiClient {

    /** What came back: HTTP status, content type and body. */
    public record Reply(int status, String contentType, String body) {

        public String xpath(String expression) {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
                return (String) XPathFactory.newInstance().newXPath().evaluate(expression, doc, XPathConstants.STRING);
            } catch (Exception e) {
                throw new AssertionError("reply is not XML: " + body, e);
            }
        }

        public String success() {
            return xpath("/Envelope/Body/RESULT/SUCCESS");
        }

        public String errorId() {
            return xpath("/Envelope/Body/Fault/detail/error/errorid");
        }

        public String errorClass() {
            return xpath("/Envelope/Body/Fault/detail/error/class");
        }

        public String faultString() {
            return xpath("/Envelope/Body/Fault/FaultString");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public XmlApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** {@code xml=} URL-encoded in {@code charset}; the content type names a charset only if {@code declare}. */
    public Reply form(String xml, String session, Charset charset, boolean declare) {
        String body = "xml=" + URLEncoder.encode(xml, charset);
        String type = "application/x-www-form-urlencoded" + (declare ? "; charset=" + charset.name() : "");
        return post(session, type, body.getBytes(StandardCharsets.US_ASCII));
    }

    public Reply form(String xml, String session) {
        return form(xml, session, StandardCharsets.ISO_8859_1, false);
    }

    /** {@code xml=} followed by the XML itself, not URL-encoded. */
    public Reply rawForm(String xml, String session) {
        return post(session, "application/x-www-form-urlencoded", ("xml=" + xml).getBytes(StandardCharsets.ISO_8859_1));
    }

    public Reply textXml(String xml, String session) {
        return post(session, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    public Reply post(String session, String contentType, byte[] body) {
        String path = "/XMLAPI" + (session == null ? "" : ";jsessionid=" + session);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request);
    }

    public Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String login(String username, String password) {
        return "<Envelope><Body><Login><USERNAME>" + username + "</USERNAME><PASSWORD>" + password
                + "</PASSWORD></Login></Body></Envelope>";
    }

    public static final String LOGOUT = "<Envelope><Body><Logout/></Body></Envelope>";

    /** Logs in with the form encoding and returns the session id, failing the test otherwise. */
    public String loginSession(String username, String password) {
        Reply reply = form(login(username, password), null);
        String id = reply.xpath("/Envelope/Body/RESULT/SESSIONID");
        if (id.isEmpty()) {
            throw new AssertionError("login failed: " + reply.body());
        }
        return id;
    }
}
