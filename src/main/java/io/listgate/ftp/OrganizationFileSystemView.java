package io.listgate.ftp;

import io.listgate.files.OrganizationRoot;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpFile;

/**
 * One session's virtual file tree. FtpServer's own native view maps paths by string and follows any
 * symbolic link it meets, so we resolve every name through {@link OrganizationRoot} instead.
 */
final class OrganizationFileSystemView implements FileSystemView {

    private final OrganizationFtpUser user;
    private String workingDirectory = "/";

    OrganizationFileSystemView(OrganizationFtpUser user) {
        this.user = user;
    }

    @Override
    public FtpFile getHomeDirectory() {
        return file("/");
    }

    @Override
    public FtpFile getWorkingDirectory() {
        return file(workingDirectory);
    }

    @Override
    public boolean changeWorkingDirectory(String dir) {
        String target = OrganizationRoot.normalize(workingDirectory, dir);
        if (!file(target).isDirectory()) {
            return false;
        }
        workingDirectory = target;
        return true;
    }

    @Override
    public FtpFile getFile(String name) {
        return file(OrganizationRoot.normalize(workingDirectory, name));
    }

    @Override
    public boolean isRandomAccessible() {
        return true;
    }

    @Override
    public void dispose() {
        // nothing held open
    }

    private OrganizationFtpFile file(String virtualPath) {
        return new OrganizationFtpFile(virtualPath, user);
    }
}
