package io.listgate.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API sessions stored in the database (so servers sharing it share sessions), expiring after an
 * idle time. Only the SHA-256 of a session id is stored; the id itself is never logged.
 *
 * <p>A call does not write the session row (ADR 0018). Its last use is recorded at most once per
 * {@link #TOUCH_FRACTION}th of the idle time, so a session ends between {@code idle - idle/20} and
 * {@code idle} after its last call, never later. A resolved session is answered from memory for at
 * most the cache time to live, and never once its recorded last use is due to move: a Logout on
 * another server takes effect here within that time. Idle rows are removed by {@link #purgeIdle},
 * which the scheduler runs on one server of the cluster, never in a request.
 */
public final class SessionService implements SessionResolver {

    private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);
    /** The recorded last use moves at most once per this fraction of the idle time: 1 minute of 20. */
    public static final int TOUCH_FRACTION = 20;
    /** After a failed touch the session is served from memory this long, then the touch is tried again. */
    private static final long TOUCH_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_CACHED = 100_000;
    private static final int PURGE_BATCH = 1000;

    private final SessionMapper sessions;
    private final long idleMicros;
    private final long touchMicros;
    private final long cacheTtlNanos;
    private final Cache<String, Cached> cache;
    private final SecureRandom random = new SecureRandom();

    /** A session as this server may answer it from memory: its user, for {@code validNanos} after it was read. */
    private record Cached(OrgUser user, long validNanos) {
    }

    public SessionService(Database database, Duration idle, Duration cacheTtl) {
        this.sessions = database.mapper(SessionMapper.class);
        this.idleMicros = idle.toNanos() / 1000;
        this.touchMicros = idleMicros / TOUCH_FRACTION;
        this.cacheTtlNanos = cacheTtl.toNanos();
        this.cache = Caffeine.newBuilder()
                .maximumSize(MAX_CACHED)
                .expireAfter(Expiry.writing((String hash, Cached session) -> Duration.ofNanos(session.validNanos())))
                .build();
    }

    /** How often {@link #purgeIdle} should run: as often as the last use is recorded, at most once a second. */
    public Duration purgeInterval() {
        return Duration.ofNanos(Math.max(TimeUnit.SECONDS.toNanos(1), touchMicros * 1000));
    }

    /** Opens a session for {@code user} and returns its id. */
    public String open(OrgUser user) {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        String token = HexFormat.of().withUpperCase().formatHex(bytes);
        sessions.insert(hash(token), user.userId());
        return token;
    }

    @Override
    public Optional<OrgUser> resolve(String token) {
        String hash = hash(token);
        if (cacheTtlNanos == 0) {
            return load(hash).map(Cached::user);
        }
        // Loaded once per session at a time: callers sharing a session wait for that one read (and touch).
        return Optional.ofNullable(cache.get(hash, h -> load(h).orElse(null))).map(Cached::user);
    }

    private Optional<Cached> load(String hash) {
        Optional<StoredSession> found = sessions.find(hash, idleMicros);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        long idle = found.get().idleMicros();
        long untilTouchDue;
        if (idle < touchMicros) {
            untilTouchDue = (touchMicros - idle) * 1000;
        } else if (touch(hash)) {
            untilTouchDue = touchMicros * 1000;
        } else {
            untilTouchDue = Math.min(TOUCH_RETRY_NANOS, (idleMicros - idle) * 1000);
        }
        return Optional.of(new Cached(found.get().user(), Math.min(cacheTtlNanos, untilTouchDue)));
    }

    /**
     * Records a use; false if that failed. A deadlock or lock wait on the row (another server touching
     * it, a purge) costs the session at most one touch interval of its idle time, never the call.
     */
    private boolean touch(String hash) {
        try {
            sessions.touch(hash, idleMicros, touchMicros);
            return true;
        } catch (RuntimeException e) {
            LOG.info("Use of an API session not recorded, tried again at its next call: {}", e.getMessage());
            return false;
        }
    }

    /** Ends the session; true when it existed. Other servers stop accepting it within their cache time to live. */
    public boolean close(String token) {
        String hash = hash(token);
        // Row first: a load racing with this Logout then finds nothing to cache after the invalidation.
        boolean existed = sessions.delete(hash) > 0;
        cache.invalidate(hash);
        return existed;
    }

    /** Deletes the sessions idle longer than the timeout, in small batches; returns how many. */
    public int purgeIdle() {
        int total = 0;
        int deleted;
        do {
            deleted = sessions.deleteIdle(idleMicros, PURGE_BATCH);
            total += deleted;
        } while (deleted == PURGE_BATCH);
        if (total > 0) {
            LOG.debug("Purged {} idle API sessions", total);
        }
        return total;
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
