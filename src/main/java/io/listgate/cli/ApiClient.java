package io.listgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.listgate.xml.HardenedXml;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.apache.commons.net.util.TrustManagerUtils;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The XML API over HTTP as any client calls it: Login (or an OAuth access token as a bearer token),
 * then one envelope per call. Faults become {@link ClientException}s carrying the FaultString.
 */
final class ApiClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ApiOptions options;
    private final HttpClient http;
    private final URI api;
    private String session;
    private String bearer;
    /** What FTP and SFTP sign in with: the user's password, or "oauth" and the access token. */
    private String transferUser;
    private String transferPassword;

    ApiClient(ApiOptions options) {
        options.check();
        this.options = options;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15));
        if (options.insecure) {
            builder.sslContext(trustingEverything());
        }
        this.http = builder.build();
        String base = options.url.toString().replaceAll("/+$", "");
        this.api = URI.create(base + "/XMLAPI");
    }

    /** Signs in once: Login with the password, or the OAuth refresh-token grant. */
    ApiClient signIn() {
        if (options.oauthClient != null) {
            String form = "grant_type=refresh_token&client_id=" + encode(options.oauthClient)
                    + "&client_secret=" + encode(options.oauthSecret()) + "&refresh_token=" + encode(options.oauthRefreshToken());
            HttpResponse<String> response = post(URI.create(api.toString().replace("/XMLAPI", "/oauth/token")),
                    "application/x-www-form-urlencoded", form, null);
            JsonNode token;
            try {
                token = new ObjectMapper().readTree(response.body());
            } catch (IOException e) {
                throw new ClientException(ListGateCommand.UNREACHABLE, "the token endpoint answered HTTP "
                        + response.statusCode() + " without JSON");
            }
            if (response.statusCode() != 200 || !token.hasNonNull("access_token")) {
                throw new ClientException(ListGateCommand.UNREACHABLE, "OAuth sign-in refused: "
                        + token.path("error").asText("HTTP " + response.statusCode()) + " "
                        + token.path("error_description").asText(""));
            }
            bearer = token.get("access_token").asText();
            transferUser = "oauth";
            transferPassword = bearer;
            return this;
        }
        String password = options.password();
        Envelope login = call("<Login><USERNAME>" + escape(options.user) + "</USERNAME><PASSWORD>" + escape(password)
                + "</PASSWORD></Login>");
        session = login.text("SESSIONID");
        transferUser = options.user;
        transferPassword = password;
        return this;
    }

    String transferUser() {
        return transferUser;
    }

    String transferPassword() {
        return transferPassword;
    }

    /** One operation ({@code <ImportList>...</ImportList>}); its RESULT, or a ClientException with the fault. */
    Envelope call(String operation) {
        URI target = session == null ? api : URI.create(api + ";jsessionid=" + session);
        HttpResponse<String> response = post(target, "application/x-www-form-urlencoded",
                "xml=" + encode("<Envelope><Body>" + operation + "</Body></Envelope>"), bearer);
        Envelope envelope = Envelope.parse(response.body(), response.statusCode());
        if (!envelope.success()) {
            throw new ClientException(ListGateCommand.UNREACHABLE, envelope.fault());
        }
        return envelope;
    }

    private HttpResponse<String> post(URI target, String type, String body, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(TIMEOUT).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ClientException(ListGateCommand.UNREACHABLE, "cannot reach " + options.url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ListGateCommand.UNREACHABLE, "interrupted");
        }
    }

    /** Ends the session (nothing to end with a bearer token). */
    @Override
    public void close() {
        if (session != null) {
            try {
                call("<Logout/>");
            } catch (ClientException e) {
                // The session ends by itself after the idle time; nothing else to do.
            }
            session = null;
        }
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** --insecure: commons-net's accept-all trust manager (the FTPS upload uses it too). */
    private static SSLContext trustingEverything() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {TrustManagerUtils.getAcceptAllTrustManager()}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS in this JDK", e);
        }
    }

    /** An answer: its RESULT's elements, or its fault. */
    record Envelope(Element result, String fault) {

        static Envelope parse(String xml, int status) {
            Document doc;
            try {
                doc = HardenedXml.documentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            } catch (SAXException | IOException e) {
                throw new ClientException(ListGateCommand.UNREACHABLE, "the server answered HTTP " + status
                        + " with no API envelope; is --url a ListGate server?");
            }
            NodeList results = doc.getElementsByTagName("RESULT");
            Element result = results.getLength() == 0 ? null : (Element) results.item(0);
            NodeList faults = doc.getElementsByTagName("FaultString");
            String fault = faults.getLength() == 0 ? "the server answered HTTP " + status + " without a RESULT"
                    : faults.item(0).getTextContent();
            return new Envelope(result, fault);
        }

        boolean success() {
            return result != null && "true".equalsIgnoreCase(text("SUCCESS"));
        }

        /** The text of RESULT's first {@code name} element, "" when absent. */
        String text(String name) {
            NodeList nodes = result.getElementsByTagName(name);
            return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
        }

        /** GetJobStatus PARAMETERS, name to value, in their order. */
        Map<String, String> parameters() {
            Map<String, String> out = new LinkedHashMap<>();
            NodeList list = result.getElementsByTagName("PARAMETER");
            for (int i = 0; i < list.getLength(); i++) {
                Element p = (Element) list.item(i);
                out.put(child(p, "NAME"), child(p, "VALUE"));
            }
            return out;
        }

        /** RESULT's repeated {@code name} elements (GetLists' LIST), each as element name to text. */
        List<Map<String, String>> records(String name) {
            List<Map<String, String>> out = new ArrayList<>();
            NodeList list = result.getElementsByTagName(name);
            for (int i = 0; i < list.getLength(); i++) {
                Map<String, String> fields = new LinkedHashMap<>();
                for (Node n = list.item(i).getFirstChild(); n != null; n = n.getNextSibling()) {
                    if (n instanceof Element e) {
                        fields.put(e.getTagName(), e.getTextContent().strip());
                    }
                }
                out.add(fields);
            }
            return out;
        }

        private static String child(Element parent, String name) {
            NodeList nodes = parent.getElementsByTagName(name);
            return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
        }
    }
}
