package io.listgate.oauth;

/**
 * The one catalogue of token-endpoint failures: HTTP status and the RFC 6749 (section 5.2) error code
 * sent as {@code {"error":"…","error_description":"…"}}.
 */
public enum OAuthError {
    INVALID_REQUEST(400, "invalid_request"),
    UNSUPPORTED_GRANT_TYPE(400, "unsupported_grant_type"),
    /** Unknown client or wrong client secret. */
    INVALID_CLIENT(401, "invalid_client"),
    /** Wrong refresh token for a known client. */
    INVALID_GRANT(401, "invalid_grant");

    private final int status;
    private final String code;

    OAuthError(int status, String code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public OAuthException exception(String description) {
        return new OAuthException(this, description);
    }
}
