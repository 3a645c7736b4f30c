package io.listgate.web.admin;

import io.listgate.user.OrgUser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in admin users by session token, in memory: a restart signs everybody out. A token is 256
 * random bits; each session has its own CSRF token; a session unused for the idle time is gone.
 */
final class AdminSessions {

    /** One signed-in user. */
    record AdminSession(String token, OrgUser user, String csrf) {
    }

    private record Entry(AdminSession session, Instant lastUsed) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Entry> sessions = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    AdminSessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    /** A new session for the user, under a fresh token (never one the browser brought). */
    AdminSession open(OrgUser user) {
        sweep();
        AdminSession session = new AdminSession(randomToken(), user, randomToken());
        sessions.put(session.token(), new Entry(session, clock.instant()));
        return session;
    }

    /** The live session of this token, its idle time restarted; empty when unknown or idle too long. */
    Optional<AdminSession> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Entry entry = sessions.computeIfPresent(token, (t, e) ->
                e.lastUsed().plus(idle).isBefore(now) ? null : new Entry(e.session(), now));
        return entry == null ? Optional.empty() : Optional.of(entry.session());
    }

    void close(String token) {
        sessions.remove(token);
    }

    private void sweep() {
        Instant now = clock.instant();
        sessions.values().removeIf(e -> e.lastUsed().plus(idle).isBefore(now));
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
