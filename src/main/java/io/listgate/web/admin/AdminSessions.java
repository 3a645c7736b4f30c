package io.listgate.web.admin;

import io.listgate.db.Database;
import io.listgate.oauth.Sha256;
import io.listgate.user.OrgUser;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * Signed-in admin users by session token, in the database (ADR 0010): any server sharing it answers
 * any admin page, and a restart signs nobody out. A token is 256 random bits, stored only as its
 * SHA-256; each session has its own CSRF token; a session unused for the idle time is gone. The
 * user is read afresh on each request, so a changed organization or role applies at once.
 */
final class AdminSessions {

    /** One signed-in user. */
    record AdminSession(String token, OrgUser user, String csrf) {
    }

    /**
     * How stale the last-used time may get before a request writes it again: most requests only
     * read, so one session used through several servers seldom makes them write the same row.
     */
    static final Duration TOUCH_AFTER = Duration.ofMinutes(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AdminSessionMapper sessions;
    private final Function<String, Optional<OrgUser>> users;
    private final Duration idle;
    private final Clock clock;

    /** {@code users} finds a session's user by name as it is now; empty once it is gone. */
    AdminSessions(Database database, Function<String, Optional<OrgUser>> users, Duration idle, Clock clock) {
        this.sessions = database.mapper(AdminSessionMapper.class);
        this.users = users;
        this.idle = idle;
        this.clock = clock;
    }

    /** A new session for the user, under a fresh token (never one the browser brought). */
    AdminSession open(OrgUser user) {
        LocalDateTime now = now();
        sessions.deleteIdle(now.minus(idle));
        AdminSession session = new AdminSession(randomToken(), user, randomToken());
        sessions.insert(Sha256.hex(session.token()), user.username(), session.csrf(), now);
        return session;
    }

    /** The live session of this token, its idle time restarted; empty when unknown or idle too long. */
    Optional<AdminSession> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        String hash = Sha256.hex(token);
        LocalDateTime now = now();
        Optional<AdminSessionMapper.Row> row = sessions.find(hash).filter(r -> !r.lastUsedAt().plus(idle).isBefore(now));
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Optional<OrgUser> user = users.apply(row.get().username());
        if (user.isEmpty()) {
            return Optional.empty();
        }
        if (row.get().lastUsedAt().plus(TOUCH_AFTER).isBefore(now)) {
            sessions.touch(hash, now);
        }
        return Optional.of(new AdminSession(token, user.get(), row.get().csrf()));
    }

    void close(String token) {
        sessions.delete(Sha256.hex(token));
    }

    /** UTC, whatever the server's zone: servers sharing the database compare these times. */
    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
