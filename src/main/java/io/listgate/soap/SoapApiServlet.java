package io.listgate.soap;

import io.listgate.api.ApiException;
import io.listgate.api.ApiRequest;
import io.listgate.api.Callers;
import io.listgate.api.EnvelopeReader;
import io.listgate.api.Fault;
import io.listgate.api.Operation;
import io.listgate.api.OperationRegistry;
import io.listgate.api.Result;
import io.listgate.api.SessionResolver;
import io.listgate.api.XmlApiServlet;
import io.listgate.user.OrgUser;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code POST /SoapApi}: SOAP 1.1 envelopes dispatched on the body element's namespace and name,
 * whatever {@code SOAPAction} says, to the same operations as {@code /XMLAPI}. The caller is the
 * {@code sessionHeader/sessionid} header or an {@code Authorization: Bearer} token. The one place
 * where failures become SOAP faults (HTTP 500, SOAP 1.1 section 6.2). {@code GET /SoapApi?wsdl}
 * serves the WSDL, {@code GET /SoapApi?xsd=<file>} its schemas.
 */
public final class SoapApiServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(SoapApiServlet.class);

    private final OperationRegistry operations;
    private final SessionResolver callers;
    private final int maxRequestBytes;
    private final WsdlDocument wsdl = new WsdlDocument();

    public SoapApiServlet(OperationRegistry operations, SessionResolver callers, int maxRequestBytes) {
        this.operations = operations;
        this.callers = callers;
        this.maxRequestBytes = maxRequestBytes;
    }

    private record Answer(String namespace, Result result) {
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String body;
        int status = HttpServletResponse.SC_OK;
        try {
            Answer answer = dispatch(request);
            body = SoapEnvelopeWriter.success(answer.namespace(), answer.result());
            request.setAttribute(XmlApiServlet.OUTCOME_ATTRIBUTE, "SUCCESS");
        } catch (ApiException e) {
            LOG.info("SoapApi {} fault {}: {}", request.getAttribute(XmlApiServlet.OPERATION_ATTRIBUTE),
                    e.fault().errorId(), e.faultString());
            request.setAttribute(XmlApiServlet.OUTCOME_ATTRIBUTE, "fault " + e.fault().errorId());
            body = SoapEnvelopeWriter.fault(e.fault(), e.faultString());
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        } catch (RuntimeException e) {
            LOG.error("SoapApi {} failed unexpectedly", request.getAttribute(XmlApiServlet.OPERATION_ATTRIBUTE), e);
            request.setAttribute(XmlApiServlet.OUTCOME_ATTRIBUTE, "fault " + Fault.INTERNAL_ERROR.errorId());
            body = SoapEnvelopeWriter.fault(Fault.INTERNAL_ERROR, Fault.INTERNAL_ERROR.defaultText());
            status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
        }
        write(response, status, body);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String query = request.getQueryString();
        if (query != null && query.equalsIgnoreCase("wsdl")) {
            write(response, HttpServletResponse.SC_OK, wsdl.wsdl(address(request)));
            return;
        }
        Optional<String> schema = query != null && query.startsWith("xsd=")
                ? wsdl.schema(query.substring(4)) : Optional.empty();
        if (schema.isPresent()) {
            write(response, HttpServletResponse.SC_OK, schema.get());
            return;
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND, "GET /SoapApi?wsdl for the WSDL; POST SOAP 1.1 envelopes");
    }

    private Answer dispatch(HttpServletRequest request) throws IOException {
        Document document = EnvelopeReader.parse(readBody(request), charsetOf(request.getContentType()));
        Element envelope = document.getDocumentElement();
        if (!isSoap(envelope, "Envelope")) {
            throw Fault.MALFORMED_REQUEST.exception("The request must be a SOAP 1.1 Envelope in the namespace "
                    + SoapNamespaces.ENVELOPE);
        }
        Element operationElement = onlyChild(child(envelope, "Body").orElseThrow(() ->
                Fault.MALFORMED_REQUEST.exception("The SOAP Envelope has no Body")));
        String name = ApiRequest.localName(operationElement);
        request.setAttribute(XmlApiServlet.OPERATION_ATTRIBUTE, name);
        String namespace = String.valueOf(operationElement.getNamespaceURI());
        Operation operation = operations.lookup(name);
        String expected = SoapNamespaces.of(name).orElseThrow(() ->
                Fault.UNKNOWN_OPERATION.exception("Operation '" + name + "' is not available over SOAP"));
        if (!expected.equals(namespace)) {
            throw Fault.UNKNOWN_OPERATION.exception("The " + name + " element must be in the namespace " + expected
                    + ", not '" + namespace + "'");
        }
        Optional<String> session = child(envelope, "Header").flatMap(SoapApiServlet::sessionId);
        OrgUser caller = null;
        if (operation.requiresSession()) {
            caller = Callers.require(callers, session, Callers.bearerToken(request.getHeader("Authorization")));
        }
        return new Answer(expected, operation.handle(new ApiRequest(operationElement, caller, session.orElse(null))));
    }

    /** {@code Header/sessionHeader/sessionid} in the SessionHeader namespace (the child's namespace is not checked). */
    private static Optional<String> sessionId(Element header) {
        for (Node n = header.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "sessionHeader".equals(ApiRequest.localName(e))
                    && SoapNamespaces.SESSION_HEADER.equals(e.getNamespaceURI())) {
                return ApiRequest.child(e, "sessionid").map(ApiRequest::textOf).filter(s -> !s.isEmpty());
            }
        }
        return Optional.empty();
    }

    private static Optional<Element> child(Element parent, String soapName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && isSoap(e, soapName)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static Element onlyChild(Element body) {
        Element only = null;
        for (Node n = body.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (only != null) {
                    throw Fault.MALFORMED_REQUEST.exception("The SOAP Body must hold exactly one operation element");
                }
                only = e;
            }
        }
        if (only == null) {
            throw Fault.MALFORMED_REQUEST.exception("The SOAP Body holds no operation element");
        }
        return only;
    }

    private static boolean isSoap(Element element, String name) {
        return SoapNamespaces.ENVELOPE.equals(element.getNamespaceURI()) && name.equals(element.getLocalName());
    }

    private byte[] readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxRequestBytes + 1);
            if (body.length > maxRequestBytes) {
                throw Fault.REQUEST_TOO_LARGE.exception("The request is larger than the " + maxRequestBytes
                        + " bytes this server accepts");
            }
            if (body.length == 0) {
                throw Fault.EMPTY_REQUEST.exception("The request is empty: POST a SOAP 1.1 envelope as text/xml");
            }
            return body;
        }
    }

    /** The {@code charset} of the content type, if any; otherwise the XML declaration decides. */
    private static String charsetOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                return p.substring(8).trim().replace("\"", "");
            }
        }
        return null;
    }

    /** The endpoint address as this client reached it, for {@code soap:address}. */
    private static String address(HttpServletRequest request) {
        return request.getRequestURL().toString();
    }

    private static void write(HttpServletResponse response, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(XmlApiServlet.RESPONSE_CONTENT_TYPE);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
