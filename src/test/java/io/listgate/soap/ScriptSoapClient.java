package io.listgate.soap;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;

/**
 * Calls {@code /SoapApi} the way real integration scripts do (spec soap.md): a string template for
 * the request, then {@code envelope:Envelope}, {@code envelope:Body} and {@code envelope:Header}
 * text-replaced by bare names and the result read with a plain, namespace-unaware parser.
 */
final class ScriptSoapClient {

    static final String SOAPENV = "http://schemas.xmlsoap.org/soap/envelope/";

    /** HTTP status, content type, raw body, and the body as a script sees it after the text replace. */
    record Reply(int status, String contentType, String body) {

        String scriptView() {
            return body.replace("envelope:Envelope", "Envelope").replace("envelope:Body", "Body")
                    .replace("envelope:Header", "Header");
        }

        String read(String xpath) {
            try {
                Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                        .parse(new ByteArrayInputStream(scriptView().getBytes(StandardCharsets.UTF_8)));
                return (String) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.STRING);
            } catch (Exception e) {
                throw new AssertionError("a script cannot parse this reply: " + body, e);
            }
        }

        String success() {
            return read("/Envelope/Body/RESULT/SUCCESS");
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String endpoint;

    ScriptSoapClient(int port) {
        this.endpoint = "http://127.0.0.1:" + port + "/SoapApi";
    }

    /** An envelope with {@code body} in the Body and, when {@code session} is given, the session header. */
    static String envelope(String session, String body) {
        String header = session == null ? "<soapenv:Header/>"
                : "<soapenv:Header><h:sessionHeader xmlns:h=\"SilverpopApi:EngageService.SessionHeader\"><h:sessionid>"
                + session + "</h:sessionid></h:sessionHeader></soapenv:Header>";
        return "<soapenv:Envelope xmlns:soapenv=\"" + SOAPENV + "\">" + header + "<soapenv:Body>" + body
                + "</soapenv:Body></soapenv:Envelope>";
    }

    static String login(String username, String password) {
        return "<sil:Login xmlns:sil=\"SilverpopApi:EngageService.SessionMgmt.Login\"><sil:USERNAME>" + username
                + "</sil:USERNAME><sil:PASSWORD>" + password + "</sil:PASSWORD></sil:Login>";
    }

    Reply call(String soapAction, String envelope) {
        return call(soapAction, envelope, null);
    }

    /** POST with {@code SOAPAction} as given ({@code null}: no such header) and an optional Authorization. */
    Reply call(String soapAction, String envelope, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "text/xml;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8));
        if (soapAction != null) {
            request.header("SOAPAction", soapAction);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    Reply get(String query) {
        return send(HttpRequest.newBuilder(URI.create(endpoint + query)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private Reply send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (Exception e) {
            throw new AssertionError("SOAP request failed: " + e, e);
        }
    }
}
