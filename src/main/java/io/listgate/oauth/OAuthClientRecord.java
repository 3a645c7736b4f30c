package io.listgate.oauth;

/** A row of {@code oauth_client}: the application, the user its tokens act as, and its hashed secrets. */
public record OAuthClientRecord(long id, String clientId, long userId, String secretHash, String refreshTokenHash) {

    @Override
    public String toString() {
        return "OAuthClientRecord[clientId=" + clientId + ", userId=" + userId + "]";
    }
}
