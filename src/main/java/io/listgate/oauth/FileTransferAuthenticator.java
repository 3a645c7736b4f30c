package io.listgate.oauth;

import io.listgate.user.Authenticator;
import io.listgate.user.LoginAttempt;
import io.listgate.user.OrgUser;
import io.listgate.user.UserService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in on FTP, FTPS and SFTP (spec: FTP side): the user name {@value #OAUTH_USERNAME} with a current
 * OAuth access token as the password signs in as the token's user, in its organization, as applications
 * that upload their own files do; every other name signs in with its password. A token's user that is
 * locked stays locked. An unknown, expired or revoked token is refused like a wrong password; it counts
 * against nobody, since it names no user and 256 random bits cannot be guessed (ADR 0007).
 */
public final class FileTransferAuthenticator implements Authenticator {

    /** The user name that means "the password is an access token"; no user of that name can sign in here. */
    public static final String OAUTH_USERNAME = "oauth";

    private static final Logger LOG = LoggerFactory.getLogger(FileTransferAuthenticator.class);

    private final UserService users;
    private final OAuthService oauth;

    public FileTransferAuthenticator(UserService users, OAuthService oauth) {
        this.users = users;
        this.oauth = oauth;
    }

    @Override
    public LoginAttempt authenticate(String username, String password, String clientAddress) {
        if (!OAUTH_USERNAME.equals(username)) {
            return users.authenticate(username, password, clientAddress);
        }
        Optional<OrgUser> user = password == null || password.isEmpty() ? Optional.empty()
                : oauth.resolveAccessToken(password);
        if (user.isEmpty()) {
            LOG.info("Login refused for {}: unknown, expired or revoked access token", OAUTH_USERNAME);
            return LoginAttempt.rejected();
        }
        return users.admit(user.get());
    }
}
