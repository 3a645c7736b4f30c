package io.listgate.oauth;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /oauth/token} with the refresh-token grant (spec: OAuth). Answers compact JSON, no
 * space after colons, because one client finds the token by string matching; failures are the
 * {@link OAuthError} status with {@code {"error":…,"error_description":…}}. The one place where
 * token-endpoint failures are translated.
 */
public final class OAuthTokenServlet extends HttpServlet {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthTokenServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String GRANT_TYPE = "refresh_token";

    private final OAuthService oauth;

    public OAuthTokenServlet(OAuthService oauth) {
        this.oauth = oauth;
    }

    @JsonPropertyOrder({"access_token", "token_type", "refresh_token", "expires_in"})
    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("refresh_token") String refreshToken,
                         @JsonProperty("expires_in") long expiresIn) {
    }

    @JsonPropertyOrder({"error", "error_description"})
    record ErrorResponse(@JsonProperty("error") String error,
                         @JsonProperty("error_description") String description) {
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object body;
        int status;
        try {
            AccessGrant grant = grant(request);
            body = new TokenResponse(grant.accessToken(), "bearer", grant.refreshToken(), grant.expiresIn());
            status = HttpServletResponse.SC_OK;
        } catch (OAuthException e) {
            LOG.info("OAuth token request refused: {} ({})", e.error().code(), e.description());
            body = new ErrorResponse(e.error().code(), e.description());
            status = e.error().status();
            if (status == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"listgate\"");
            }
        }
        write(response, status, body);
    }

    private AccessGrant grant(HttpServletRequest request) {
        String grantType = parameter(request, "grant_type");
        if (grantType == null || grantType.isBlank()) {
            throw OAuthError.INVALID_REQUEST.exception("grant_type is missing: send grant_type=refresh_token");
        }
        if (!GRANT_TYPE.equals(grantType)) {
            throw OAuthError.UNSUPPORTED_GRANT_TYPE.exception("Only grant_type=refresh_token is supported, not '"
                    + grantType + "'");
        }
        return oauth.refresh(required(request, "client_id"), required(request, "client_secret"),
                required(request, "refresh_token"));
    }

    private static String required(HttpServletRequest request, String name) {
        String value = parameter(request, name);
        if (value == null || value.isEmpty()) {
            throw OAuthError.INVALID_REQUEST.exception(name + " is missing");
        }
        return value;
    }

    /** A form field; a body that is no form (e.g. {@code %ZZ}) is the client's error, not Jetty's HTML page. */
    private static String parameter(HttpServletRequest request, String name) {
        try {
            return request.getParameter(name);
        } catch (BadMessageException | IllegalArgumentException e) {
            throw OAuthError.INVALID_REQUEST.exception("The body is not a valid application/x-www-form-urlencoded form");
        }
    }

    private static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a token response", e);
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
