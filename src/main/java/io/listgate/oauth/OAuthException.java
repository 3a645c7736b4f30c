package io.listgate.oauth;

/** An expected failure at the token endpoint, answered as JSON with the error's HTTP status. */
public final class OAuthException extends RuntimeException {

    private final OAuthError error;

    OAuthException(OAuthError error, String description) {
        super(description, null, false, false);
        this.error = error;
    }

    public OAuthError error() {
        return error;
    }

    public String description() {
        return getMessage();
    }
}
