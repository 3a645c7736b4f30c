package io.listgate.ftp;

import io.listgate.files.OrganizationRoot;
import io.listgate.user.OrgUser;
import java.util.List;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.TransferRatePermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * An FtpServer user standing for one signed-in {@link OrgUser}. Its home is the organization root.
 * Write permission is granted below {@code /upload/} only: with the trailing slash, because FtpServer's
 * {@link WritePermission} is a plain prefix match and {@code /upload} alone would also allow
 * {@code /uploads} or removing {@code /upload} itself.
 */
final class OrganizationFtpUser extends BaseUser {

    private final OrgUser orgUser;
    private final OrganizationRoot root;

    OrganizationFtpUser(OrgUser orgUser, OrganizationRoot root) {
        this.orgUser = orgUser;
        this.root = root;
        setName(orgUser.username());
        setHomeDirectory(root.path().toString());
        setEnabled(true);
        setMaxIdleTime(0);
        List<Authority> authorities = List.of(
                // every path: OrganizationFtpFile applies the organization root's write rules
                new WritePermission("/"),
                new ConcurrentLoginPermission(0, 0),
                new TransferRatePermission(0, 0));
        setAuthorities(authorities);
    }

    OrgUser orgUser() {
        return orgUser;
    }

    OrganizationRoot root() {
        return root;
    }

    @Override
    public String getPassword() {
        // Passwords live with the Authenticator; nothing here could leak one.
        return null;
    }
}
