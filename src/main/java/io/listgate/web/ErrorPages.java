package io.listgate.web;

import io.listgate.api.ApiDispatcher;
import io.listgate.api.EnvelopeWriter;
import io.listgate.api.Fault;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Every error answer Jetty itself makes (bad request line, refused method, unknown path, a servlet
 * that failed), in the shape the path's clients read: an XML fault envelope on the API paths, JSON
 * on {@code /oauth} and {@code /flows}, an HTML page under {@code /admin}, plain text elsewhere.
 * Never Jetty's own page, its name, a message or a stack trace: only the status says what went wrong.
 */
final class ErrorPages extends ErrorHandler {

    private record Page(String contentType, String body) {
    }

    ErrorPages() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    /** Jetty writes pages for GET and POST only; a refused PUT or TRACE deserves its page too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected boolean generateAcceptableResponse(Request request, Response response, Callback callback, String contentType,
                                                 List<Charset> charsets, int code, String message, Throwable cause) {
        Page page = page(request.getHttpURI().getPath(), code);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, page.contentType());
        response.write(true, ByteBuffer.wrap(page.body().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** What goes back when the request could not even be parsed: the status in plain text. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "text/plain;charset=UTF-8");
        return ByteBuffer.wrap(plain(status).getBytes(StandardCharsets.UTF_8));
    }

    private static Page page(String path, int code) {
        String p = path == null ? "" : path;
        if (p.startsWith("/XMLAPI") || p.startsWith("/SoapApi")) {
            Fault fault = fault(code);
            return new Page(ApiDispatcher.RESPONSE_CONTENT_TYPE,
                    EnvelopeWriter.fault(fault, "HTTP " + code + " " + HttpStatus.getMessage(code)));
        }
        if (p.startsWith("/oauth") || p.startsWith("/flows")) {
            String error = code >= 500 ? "server_error" : "invalid_request";
            return new Page("application/json", "{\"error\":\"" + error + "\",\"error_description\":\"HTTP " + code + " "
                    + HttpStatus.getMessage(code) + "\"}");
        }
        if (p.startsWith("/admin")) {
            String title = code + " " + HttpStatus.getMessage(code);
            return new Page("text/html;charset=UTF-8", "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    + "<title>ListGate: " + title + "</title></head><body><h1>" + title + "</h1>"
                    + "<p><a href=\"/admin/jobs\">Back to the jobs</a></p></body></html>\n");
        }
        return new Page("text/plain;charset=UTF-8", plain(code));
    }

    private static String plain(int code) {
        return code + " " + HttpStatus.getMessage(code) + "\n";
    }

    private static Fault fault(int code) {
        return switch (code) {
            case HttpStatus.REQUEST_TIMEOUT_408 -> Fault.REQUEST_TIMEOUT;
            case HttpStatus.PAYLOAD_TOO_LARGE_413, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE_431 -> Fault.REQUEST_TOO_LARGE;
            case HttpStatus.NOT_FOUND_404, HttpStatus.METHOD_NOT_ALLOWED_405 -> Fault.UNKNOWN_OPERATION;
            default -> code < 500 ? Fault.MALFORMED_REQUEST : Fault.INTERNAL_ERROR;
        };
    }
}
