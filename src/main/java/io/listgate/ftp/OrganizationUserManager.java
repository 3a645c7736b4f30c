package io.listgate.ftp;

import io.listgate.files.OrganizationFolders;
import io.listgate.files.OrganizationRoot;
import io.listgate.user.Authenticator;
import io.listgate.user.LoginAttempt;
import io.listgate.user.OrgUser;
import java.util.List;
import org.apache.ftpserver.ftplet.Authentication;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.UserMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FtpServer's view of our users: a thin adapter over the {@link Authenticator} the XML API uses, so
 * FTP logins count towards the same lockout. Users are managed elsewhere, hence the read-only methods
 * below; anonymous login is refused.
 */
final class OrganizationUserManager implements UserManager {

    private static final Logger LOG = LoggerFactory.getLogger(OrganizationUserManager.class);

    private final Authenticator authenticator;
    private final OrganizationFolders folders;
    private final int maxLoginsPerUser;
    private final int maxLoginsPerAddress;

    /** Each user may have {@code maxLoginsPerUser} sessions at once, each client address {@code maxLoginsPerAddress}. */
    OrganizationUserManager(Authenticator authenticator, OrganizationFolders folders, int maxLoginsPerUser,
                            int maxLoginsPerAddress) {
        this.authenticator = authenticator;
        this.folders = folders;
        this.maxLoginsPerUser = maxLoginsPerUser;
        this.maxLoginsPerAddress = maxLoginsPerAddress;
    }

    @Override
    public User authenticate(Authentication authentication) throws AuthenticationFailedException {
        if (!(authentication instanceof UsernamePasswordAuthentication credentials)
                || credentials.getUsername() == null || credentials.getPassword() == null) {
            throw new AuthenticationFailedException("user name and password required");
        }
        LoginAttempt attempt;
        try {
            attempt = authenticator.authenticate(credentials.getUsername(), credentials.getPassword(),
                    clientAddress(credentials));
        } catch (RuntimeException e) {
            LOG.error("FTP login check failed for user {}", credentials.getUsername(), e);
            throw new AuthenticationFailedException("login check failed");
        }
        if (!attempt.isAccepted() || attempt.user().isEmpty()) {
            // REJECTED and LOCKED look the same to the client; only the log tells them apart.
            LOG.info("FTP login refused for user {}: {}", credentials.getUsername(), attempt.status());
            throw new AuthenticationFailedException("login refused");
        }
        OrgUser user = attempt.user().get();
        return new OrganizationFtpUser(user, new OrganizationRoot(folders.root(user.organizationName())),
                maxLoginsPerUser, maxLoginsPerAddress);
    }

    private static String clientAddress(UsernamePasswordAuthentication credentials) {
        UserMetadata metadata = credentials.getUserMetadata();
        return metadata == null || metadata.getInetAddress() == null ? null : metadata.getInetAddress().getHostAddress();
    }

    /**
     * FtpServer's USER command checks the per-user and per-address session limits against the user it
     * gets here, before any password: a stand-in that carries only those limits (its name is counted by
     * the server's statistics under the name a signed-in session gets, the user name).
     */
    @Override
    public User getUserByName(String username) {
        if (username == null) {
            return null;
        }
        BaseUser limits = new BaseUser();
        limits.setName(username);
        limits.setEnabled(true);
        limits.setAuthorities(List.of(new ConcurrentLoginPermission(maxLoginsPerUser, maxLoginsPerAddress)));
        return limits;
    }

    @Override
    public String[] getAllUserNames() {
        return new String[0];
    }

    @Override
    public void delete(String username) throws FtpException {
        throw new FtpException("users are managed by ListGate, not over FTP");
    }

    @Override
    public void save(User user) throws FtpException {
        throw new FtpException("users are managed by ListGate, not over FTP");
    }

    @Override
    public boolean doesExist(String username) {
        return false;
    }

    @Override
    public String getAdminName() {
        // No FTP administrator: SITE WHO and SITE STAT stay closed to everyone.
        return "";
    }

    @Override
    public boolean isAdmin(String username) {
        return false;
    }
}
