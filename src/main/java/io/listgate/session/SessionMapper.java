package io.listgate.session;

import io.listgate.user.OrgUser;
import java.util.Optional;
import org.apache.ibatis.annotations.Param;

/** API sessions by the SHA-256 of their id; see SessionMapper.xml. */
public interface SessionMapper {

    void insert(@Param("tokenHash") String tokenHash, @Param("userId") long userId);

    /** Refreshes the idle clock of a session still within {@code idleMicros}; returns rows touched. */
    int touch(@Param("tokenHash") String tokenHash, @Param("idleMicros") long idleMicros);

    Optional<OrgUser> findUser(String tokenHash);

    int delete(String tokenHash);

    int deleteIdle(long idleMicros);

    /** Sessions used within {@code idleMicros}: the ones still open. */
    long countFresh(long idleMicros);
}
