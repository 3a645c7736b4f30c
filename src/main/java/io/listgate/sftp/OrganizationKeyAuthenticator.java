package io.listgate.sftp;

import io.listgate.user.LoginAttempt;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSH {@code publickey} authentication against the {@code ssh_keys} of the users file. A registered key
 * proves who the user is; {@code admit} then applies what a password login would (the user still exists,
 * is not locked) and gives the organization whose root the session opens.
 */
final class OrganizationKeyAuthenticator implements PublickeyAuthenticator {

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationKeyAuthenticator.class);

    private final Map<String, List<PublicKey>> keys;
    private final Function<String, LoginAttempt> admit;

    OrganizationKeyAuthenticator(Map<String, List<PublicKey>> keys, Function<String, LoginAttempt> admit) {
        this.keys = Map.copyOf(keys);
        this.admit = admit;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        // MINA asks twice per key (the client's query, then with its signature): both answer the same.
        boolean registered = keys.getOrDefault(username, List.of()).stream().anyMatch(k -> KeyUtils.compareKeys(k, key));
        if (!registered) {
            LOG.info("SFTP key login refused for user {} from {}: key {} is not among the user's ssh_keys", username,
                    session.getClientAddress(), KeyUtils.getFingerPrint(key));
            return false;
        }
        LoginAttempt attempt;
        try {
            attempt = admit.apply(username);
        } catch (RuntimeException e) {
            LOG.error("SFTP key login check failed for user {}", username, e);
            return false;
        }
        if (!attempt.isAccepted() || attempt.user().isEmpty()) {
            LOG.info("SFTP key login refused for user {} from {}: {}", username, session.getClientAddress(), attempt.status());
            return false;
        }
        session.setAttribute(OrganizationPasswordAuthenticator.ORG_USER, attempt.user().get());
        LOG.info("SFTP key login of {} (organization {}) from {} with key {}", username,
                attempt.user().get().organizationName(), session.getClientAddress(), KeyUtils.getFingerPrint(key));
        return true;
    }
}
