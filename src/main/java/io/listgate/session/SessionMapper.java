package io.listgate.session;

import java.util.Optional;
import org.apache.ibatis.annotations.Param;

/** API sessions by the SHA-256 of their id; see SessionMapper.xml. */
public interface SessionMapper {

    void insert(@Param("tokenHash") String tokenHash, @Param("userId") long userId);

    /** The session if its last use is within {@code idleMicros}. */
    Optional<StoredSession> find(@Param("tokenHash") String tokenHash, @Param("idleMicros") long idleMicros);

    /**
     * Moves the idle clock of a live session to now unless it was moved within {@code touchMicros};
     * returns rows changed (0 when another server just did it, or the session ended).
     */
    int touch(@Param("tokenHash") String tokenHash, @Param("idleMicros") long idleMicros,
              @Param("touchMicros") long touchMicros);

    int delete(String tokenHash);

    int deleteIdle(@Param("idleMicros") long idleMicros, @Param("limit") int limit);

    /** Sessions used within {@code idleMicros}: the ones still open. */
    long countFresh(long idleMicros);
}
