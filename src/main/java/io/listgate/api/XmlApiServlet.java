package io.listgate.api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code POST /XMLAPI}: the XML envelope on the wire. Finds {@code Envelope/Body/<operation>} in any
 * of the three request shapes ({@link RequestDecoder}) and the session in {@code ;jsessionid=};
 * answers with {@link EnvelopeWriter}, faults included, always with HTTP 200. The rest is
 * {@link ApiDispatcher}'s.
 */
public final class XmlApiServlet extends HttpServlet implements WireFormat {


    private final ApiDispatcher dispatcher;

    public XmlApiServlet(ApiDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        dispatcher.serve(request, response, this);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        doPost(request, response);
    }

    @Override
    public String name() {
        return "XMLAPI";
    }

    @Override
    public Call read(RequestBody body, HttpServletRequest request) {
        return new Call(EnvelopeReader.operationOf(RequestDecoder.decode(body.contentType(), body.bytes())),
                Credentials.sessionToken(request));
    }

    @Override
    public String success(Call call, Result result) {
        return EnvelopeWriter.success(result);
    }

    @Override
    public String fault(Fault fault, String faultString) {
        return EnvelopeWriter.fault(fault, faultString);
    }

    @Override
    public int faultStatus() {
        return HttpServletResponse.SC_OK;
    }
}
