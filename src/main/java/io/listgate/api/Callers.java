package io.listgate.api;

import io.listgate.user.OrgUser;
import java.util.Locale;
import java.util.Optional;

/**
 * Who is calling, for every API transport alike: a session id if the request carries one, else an
 * {@code Authorization: Bearer} access token. Every failure is the session fault, 145 / SP.Admin.
 */
public final class Callers {

    private static final String BEARER = "bearer ";

    private Callers() {
    }

    /** The token of an {@code Authorization: Bearer <token>} header value, if that is what it is. */
    public static Optional<String> bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** The caller of an operation that requires a session. */
    public static OrgUser require(SessionResolver resolver, Optional<String> sessionToken, Optional<String> bearerToken) {
        if (sessionToken.isPresent()) {
            return resolver.resolve(sessionToken.get()).orElseThrow(Fault.SESSION_INVALID::exception);
        }
        if (bearerToken.isPresent()) {
            return resolver.resolveBearer(bearerToken.get()).orElseThrow(Fault.SESSION_INVALID::exception);
        }
        throw Fault.SESSION_INVALID.exception();
    }
}
