package io.listgate.api;

import io.listgate.user.OrgUser;
import java.util.Optional;

/** Turns a session id from the request into the signed-in user, refreshing its idle time. */
public interface SessionResolver {

    Optional<OrgUser> resolve(String sessionToken);
}
