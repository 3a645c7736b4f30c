package io.listgate.api;

import io.listgate.user.OrgUser;
import java.util.Optional;

/**
 * Turns what identifies a caller into the signed-in user: a session id from the request
 * (refreshing its idle time), or an OAuth access token from {@code Authorization: Bearer}.
 */
public interface SessionResolver {

    Optional<OrgUser> resolve(String sessionToken);

    /** The user of an unexpired access token; none unless OAuth is wired in. */
    default Optional<OrgUser> resolveBearer(String accessToken) {
        return Optional.empty();
    }
}
