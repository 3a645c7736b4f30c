package io.listgate.soap;

import io.listgate.api.ApiDispatcher;
import io.listgate.api.ApiRequest;
import io.listgate.api.Fault;
import io.listgate.api.RequestBody;
import io.listgate.api.Result;
import io.listgate.api.WireFormat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * {@code POST /SoapApi}: the SOAP 1.1 envelope on the wire, for the same operations as
 * {@code /XMLAPI}. The call is the body element, by namespace and name, whatever {@code SOAPAction}
 * says; the session is the {@code sessionHeader/sessionid} header. Answers with
 * {@link SoapEnvelopeWriter}; faults are SOAP faults with HTTP 500 (SOAP 1.1 section 6.2). The rest is
 * {@link ApiDispatcher}'s. {@code GET /SoapApi?wsdl} serves the WSDL, {@code GET /SoapApi?xsd=<file>}
 * its schemas.
 */
public final class SoapApiServlet extends HttpServlet implements WireFormat {

    private final ApiDispatcher dispatcher;
    private final WsdlDocument wsdl = new WsdlDocument();

    public SoapApiServlet(ApiDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        dispatcher.serve(request, response, this);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String query = request.getQueryString();
        if (query != null && query.equalsIgnoreCase("wsdl")) {
            ApiDispatcher.write(response, HttpServletResponse.SC_OK, wsdl.wsdl(address(request)));
            return;
        }
        Optional<String> schema = query != null && query.startsWith("xsd=")
                ? wsdl.schema(query.substring(4)) : Optional.empty();
        if (schema.isPresent()) {
            ApiDispatcher.write(response, HttpServletResponse.SC_OK, schema.get());
            return;
        }
        response.sendError(HttpServletResponse.SC_NOT_FOUND, "GET /SoapApi?wsdl for the WSDL; POST SOAP 1.1 envelopes");
    }

    @Override
    public String name() {
        return "SoapApi";
    }

    @Override
    public Call read(RequestBody body, HttpServletRequest request) {
        if (body.bytes().length == 0) {
            throw Fault.EMPTY_REQUEST.exception("The request is empty: POST a SOAP 1.1 envelope as text/xml");
        }
        Element envelope = body.xml().getDocumentElement();
        if (!isSoap(envelope, "Envelope")) {
            throw Fault.MALFORMED_REQUEST.exception("The request must be a SOAP 1.1 Envelope in the namespace "
                    + SoapNamespaces.ENVELOPE);
        }
        Element operation = onlyChild(child(envelope, "Body").orElseThrow(() ->
                Fault.MALFORMED_REQUEST.exception("The SOAP Envelope has no Body")));
        return new Call(operation, child(envelope, "Header").flatMap(SoapApiServlet::sessionId));
    }

    /** The body element must be in its operation's namespace (spec soap.md). */
    @Override
    public void check(Call call) {
        String namespace = String.valueOf(call.operation().getNamespaceURI());
        String expected = SoapNamespaces.of(call.name()).orElseThrow(() ->
                Fault.UNKNOWN_OPERATION.exception("Operation '" + call.name() + "' is not available over SOAP"));
        if (!expected.equals(namespace)) {
            throw Fault.UNKNOWN_OPERATION.exception("The " + call.name() + " element must be in the namespace "
                    + expected + ", not '" + namespace + "'");
        }
    }

    @Override
    public String success(Call call, Result result) {
        return SoapEnvelopeWriter.success(call.operation().getNamespaceURI(), result);
    }

    @Override
    public String fault(Fault fault, String faultString) {
        return SoapEnvelopeWriter.fault(fault, faultString);
    }

    @Override
    public int faultStatus() {
        return HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
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

    /**
     * The endpoint address as this client reached it, for {@code soap:address}: HTTPS when it came over
     * TLS, or the scheme and host a trusted proxy forwarded (ADR 0014).
     */
    private static String address(HttpServletRequest request) {
        return request.getRequestURL().toString();
    }
}
