package io.listgate.session;

import io.listgate.api.SessionResolver;
import io.listgate.db.Database;
import io.listgate.user.OrgUser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * API sessions stored in the database (so servers sharing it share sessions), expiring after an
 * idle time. Only the SHA-256 of a session id is stored; the id itself is never logged.
 */
public final class SessionService implements SessionResolver {

    private final SessionMapper sessions;
    private final long idleMicros;
    private final SecureRandom random = new SecureRandom();

    public SessionService(Database database, Duration idle) {
        this.sessions = database.mapper(SessionMapper.class);
        this.idleMicros = idle.toNanos() / 1000;
    }

    /** Opens a session for {@code user} and returns its id. */
    public String open(OrgUser user) {
        sessions.deleteIdle(idleMicros);
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().withUpperCase().formatHex(bytes);
        sessions.insert(hash(token), user.userId());
        return token;
    }

    @Override
    public Optional<OrgUser> resolve(String token) {
        String hash = hash(token);
        if (sessions.touch(hash, idleMicros) == 0) {
            return Optional.empty();
        }
        return sessions.findUser(hash);
    }

    /** Ends the session; true when it existed. */
    public boolean close(String token) {
        return sessions.delete(hash(token)) > 0;
    }

    /** API sessions still open (used within the idle time). */
    public long openSessions() {
        return sessions.countFresh(idleMicros);
    }

    static String hash(String token) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
