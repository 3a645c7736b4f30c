package io.listgate.oauth;

import io.listgate.api.SessionResolver;
import io.listgate.user.OrgUser;
import java.util.Optional;

/** Callers of the API transports: session ids through the session service, bearer tokens through OAuth. */
public final class SessionOrBearerResolver implements SessionResolver {

    private final SessionResolver sessions;
    private final OAuthService oauth;

    public SessionOrBearerResolver(SessionResolver sessions, OAuthService oauth) {
        this.sessions = sessions;
        this.oauth = oauth;
    }

    @Override
    public Optional<OrgUser> resolve(String sessionToken) {
        return sessions.resolve(sessionToken);
    }

    @Override
    public Optional<OrgUser> resolveBearer(String accessToken) {
        return oauth.resolveAccessToken(accessToken);
    }
}
