package io.listgate.oauth;

import io.listgate.user.OrgUser;
import java.util.Collection;
import java.util.Optional;
import org.apache.ibatis.annotations.Param;

/** OAuth clients and access tokens, both found by hashes; see OAuthMapper.xml. */
public interface OAuthMapper {

    Optional<OAuthClientRecord> findClient(String clientId);

    /** Creates or updates the client for the user named {@code username}; returns rows touched (0: no such user). */
    int upsertClient(@Param("clientId") String clientId, @Param("username") String username,
                     @Param("secretHash") String secretHash, @Param("refreshTokenHash") String refreshTokenHash);

    /** Deletes every client not named in {@code keep} (all of them when it is empty); tokens go with them. */
    int deleteClientsExcept(@Param("keep") Collection<String> keep);

    int deleteTokensOfClient(long clientId);

    void insertToken(@Param("tokenHash") String tokenHash, @Param("clientId") long clientId,
                     @Param("lifetimeSeconds") long lifetimeSeconds);

    /** The user of an access token that has not expired by the database clock, unless that user is locked. */
    Optional<OrgUser> findUserOfToken(String tokenHash);

    /** Whether the user is locked after repeated wrong passwords, by the database clock. */
    boolean userLocked(long userId);

    int deleteExpiredTokens(@Param("limit") int limit);
}
