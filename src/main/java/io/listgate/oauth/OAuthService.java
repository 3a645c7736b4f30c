package io.listgate.oauth;

import io.listgate.config.ConfigurationException;
import io.listgate.db.Database;
import io.listgate.user.OrgUser;
import io.listgate.user.UsersFile;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OAuth applications and their access tokens. Applications come from the users file; the
 * refresh-token grant issues access tokens that expire after a configured lifetime and act as the
 * application's user. Only SHA-256 hashes of secrets, refresh tokens and access tokens are stored.
 */
public final class OAuthService {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthService.class);

    private static final int PURGE_BATCH = 1000;

    private final Database database;
    private final OAuthMapper oauth;
    private final Duration tokenLifetime;
    private final SecureRandom random = new SecureRandom();

    public OAuthService(Database database, Duration tokenLifetime) {
        this.database = database;
        this.oauth = database.mapper(OAuthMapper.class);
        this.tokenLifetime = tokenLifetime;
    }

    /**
     * Makes the clients in the database those of the file: creates and updates the listed ones and
     * deletes the others. A client whose secret, refresh token or user changed loses its access tokens.
     */
    public void apply(UsersFile file) {
        database.inTransaction(() -> {
            Set<String> listed = new LinkedHashSet<>();
            for (UsersFile.OrganizationEntry org : file.organizations()) {
                for (UsersFile.OAuthClientEntry entry : org.oauthClientsOrEmpty()) {
                    listed.add(entry.clientId());
                    String secretHash = hashOf(entry.clientSecret(), entry.clientSecretHash());
                    String refreshHash = hashOf(entry.refreshToken(), entry.refreshTokenHash());
                    Optional<OAuthClientRecord> before = oauth.findClient(entry.clientId());
                    if (oauth.upsertClient(entry.clientId(), entry.username(), secretHash, refreshHash) == 0
                            && before.isEmpty()) {
                        throw new ConfigurationException("OAuth client " + entry.clientId() + ": user "
                                + entry.username() + " does not exist");
                    }
                    OAuthClientRecord after = oauth.findClient(entry.clientId()).orElseThrow();
                    if (before.isPresent() && !before.get().equals(after)) {
                        int revoked = oauth.deleteTokensOfClient(after.id());
                        LOG.info("OAuth client {} changed: {} access tokens revoked", entry.clientId(), revoked);
                    } else if (before.isEmpty()) {
                        LOG.info("Created OAuth client {} acting as {}", entry.clientId(), entry.username());
                    }
                }
            }
            int removed = oauth.deleteClientsExcept(listed);
            if (removed > 0) {
                LOG.info("Removed {} OAuth clients no longer in the users file, with their access tokens", removed);
            }
            return null;
        });
    }

    /** The refresh-token grant (RFC 6749 section 6): a new access token for a client that proves both secrets. */
    public AccessGrant refresh(String clientId, String clientSecret, String refreshToken) {
        Optional<OAuthClientRecord> found = oauth.findClient(clientId);
        if (found.isEmpty() || !Sha256.matches(clientSecret, found.get().secretHash())) {
            LOG.info("OAuth token refused: unknown client or wrong secret for client {}", clientId);
            throw OAuthError.INVALID_CLIENT.exception("Unknown client_id or wrong client_secret");
        }
        OAuthClientRecord client = found.get();
        if (!Sha256.matches(refreshToken, client.refreshTokenHash())) {
            LOG.info("OAuth token refused: wrong refresh token for client {}", clientId);
            throw OAuthError.INVALID_GRANT.exception("The refresh_token is not valid for this client");
        }
        if (oauth.userLocked(client.userId())) {
            LOG.info("OAuth token refused: the user of client {} is locked after repeated wrong passwords", clientId);
            throw OAuthError.INVALID_GRANT.exception("The user of this client is locked after repeated wrong passwords;"
                    + " try again when the lock ends");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = HexFormat.of().formatHex(bytes);
        oauth.insertToken(Sha256.hex(token), client.id(), tokenLifetime.toSeconds());
        return new AccessGrant(token, refreshToken, tokenLifetime.toSeconds());
    }

    /** The user an unexpired access token acts as; empty for unknown, expired or revoked tokens and locked users. */
    public Optional<OrgUser> resolveAccessToken(String accessToken) {
        return oauth.findUserOfToken(Sha256.hex(accessToken));
    }

    /**
     * Deletes expired access tokens in small batches; returns how many. Run by the scheduler on one
     * server, not at each grant, where concurrent grants' deletes could deadlock.
     */
    public int purgeExpiredTokens() {
        int total = 0;
        int deleted;
        do {
            deleted = oauth.deleteExpiredTokens(PURGE_BATCH);
            total += deleted;
        } while (deleted == PURGE_BATCH);
        return total;
    }

    private static String hashOf(String plain, String hash) {
        return plain != null && !plain.isEmpty() ? Sha256.hex(plain) : hash;
    }
}
