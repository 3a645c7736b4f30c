package io.listgate.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Where HTTP callers put who they are: a {@code ;jsessionid=} path parameter, or a bearer token. */
public final class Credentials {

    private static final Pattern JSESSIONID = Pattern.compile(";jsessionid=([^;/?]*)", Pattern.CASE_INSENSITIVE);
    private static final String BEARER = "bearer ";

    private Credentials() {
    }

    /** {@code ;jsessionid=} path parameter as clients append it after Login. */
    public static Optional<String> sessionToken(HttpServletRequest request) {
        Matcher m = JSESSIONID.matcher(request.getRequestURI());
        if (m.find() && !m.group(1).isEmpty()) {
            return Optional.of(m.group(1));
        }
        return Optional.empty();
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
}
