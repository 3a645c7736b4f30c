package io.listgate.sftp;

import io.listgate.files.OrganizationFolders;
import io.listgate.user.OrgUser;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Map;
import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.session.SessionContext;

/**
 * Opens each SFTP session on a file system whose {@code /} is the user's organization root. MINA's
 * rooted file system keeps {@code ..} and absolute paths inside lexically; symbolic links are checked
 * by {@link OrganizationSftpAccessor}.
 */
final class OrganizationRootFileSystemFactory implements FileSystemFactory {

    private final OrganizationFolders folders;

    OrganizationRootFileSystemFactory(OrganizationFolders folders) {
        this.folders = folders;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) throws IOException {
        return folders.root(orgUser(session).organizationName());
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
        return new RootedFileSystemProvider().newFileSystem(getUserHomeDir(session), Map.of());
    }

    private static OrgUser orgUser(SessionContext session) throws AccessDeniedException {
        OrgUser user = session.getAttribute(OrganizationPasswordAuthenticator.ORG_USER);
        if (user == null) {
            throw new AccessDeniedException("session is not signed in");
        }
        return user;
    }
}
