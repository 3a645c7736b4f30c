package io.listgate.oauth;

/** What a successful refresh-token grant hands out; {@code expiresIn} in seconds. */
public record AccessGrant(String accessToken, String refreshToken, long expiresIn) {

    @Override
    public String toString() {
        return "AccessGrant[expiresIn=" + expiresIn + "]";
    }
}
