package io.listgate.sftp;

import io.listgate.user.Authenticator;
import io.listgate.user.LoginAttempt;
import io.listgate.user.OrgUser;
import java.net.InetSocketAddress;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SSH password authentication through the shared {@link Authenticator}. The signed-in user is kept on
 * the session so the file system factory knows whose organization root to open.
 */
final class OrganizationPasswordAuthenticator implements PasswordAuthenticator {

    static final AttributeKey<OrgUser> ORG_USER = new AttributeKey<>();

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationPasswordAuthenticator.class);

    private final Authenticator authenticator;

    OrganizationPasswordAuthenticator(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        LoginAttempt attempt;
        try {
            attempt = authenticator.authenticate(username, password, clientAddress(session));
        } catch (RuntimeException e) {
            LOG.error("SFTP login check failed for user {}", username, e);
            return false;
        }
        if (!attempt.isAccepted() || attempt.user().isEmpty()) {
            // REJECTED and LOCKED look the same to the client; only the log tells them apart.
            LOG.info("SFTP login refused for user {} from {}: {}", username, session.getClientAddress(), attempt.status());
            return false;
        }
        session.setAttribute(ORG_USER, attempt.user().get());
        LOG.info("SFTP login of {} (organization {}) from {}", username, attempt.user().get().organizationName(),
                session.getClientAddress());
        return true;
    }

    private static String clientAddress(ServerSession session) {
        return session.getClientAddress() instanceof InetSocketAddress address && address.getAddress() != null
                ? address.getAddress().getHostAddress() : null;
    }
}
