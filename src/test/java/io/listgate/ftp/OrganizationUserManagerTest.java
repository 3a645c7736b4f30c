package io.listgate.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.listgate.files.OrganizationFolders;
import io.listgate.user.Authenticator;
import io.listgate.user.LoginAttempt;
import io.listgate.user.OrgUser;
import java.nio.file.Path;
import org.apache.ftpserver.ftplet.AuthenticationFailedException;
import org.apache.ftpserver.ftplet.User;
import org.apache.ftpserver.usermanager.AnonymousAuthentication;
import org.apache.ftpserver.usermanager.UsernamePasswordAuthentication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrganizationUserManagerTest {

    @TempDir
    Path dataDir;

    private final Authenticator authenticator = (username, password, address) -> switch (username) {
        case "alice" -> password.equals("right") ? LoginAttempt.accepted(new OrgUser(1, "alice", 7, "acme")) : LoginAttempt.rejected();
        case "locked" -> LoginAttempt.locked();
        default -> LoginAttempt.rejected();
    };

    @Test
    void acceptedUserIsHomedAtItsOrganizationRoot() throws Exception {
        // given
        OrganizationFolders folders = new OrganizationFolders(dataDir);
        OrganizationUserManager users = new OrganizationUserManager(authenticator, folders, 5, 5);

        // when
        User user = users.authenticate(new UsernamePasswordAuthentication("alice", "right"));

        // then
        assertEquals(folders.root("acme").toString(), user.getHomeDirectory());
        assertNull(user.getPassword());
    }

    @Test
    void rejectedLockedAndAnonymousLoginsFail() {
        // given
        OrganizationUserManager users = new OrganizationUserManager(authenticator, new OrganizationFolders(dataDir), 5, 5);

        // when / then
        assertThrows(AuthenticationFailedException.class, () -> users.authenticate(new UsernamePasswordAuthentication("alice", "wrong")));
        assertThrows(AuthenticationFailedException.class, () -> users.authenticate(new UsernamePasswordAuthentication("locked", "any")));
        assertThrows(AuthenticationFailedException.class, () -> users.authenticate(new AnonymousAuthentication()));
    }

    @Test
    void anAuthenticatorFailureIsALoginFailure() {
        // given
        Authenticator broken = (username, password, address) -> {
            throw new IllegalStateException("database down");
        };
        OrganizationUserManager users = new OrganizationUserManager(broken, new OrganizationFolders(dataDir), 5, 5);

        // when / then
        assertThrows(AuthenticationFailedException.class, () -> users.authenticate(new UsernamePasswordAuthentication("alice", "right")));
    }
}
