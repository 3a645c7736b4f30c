package io.listgate.ftp;

import org.apache.ftpserver.ftplet.FileSystemFactory;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.User;

/** Gives every FTP session a view confined to its organization's root (see {@link OrganizationFileSystemView}). */
final class OrganizationFileSystemFactory implements FileSystemFactory {

    @Override
    public FileSystemView createFileSystemView(User user) throws FtpException {
        if (!(user instanceof OrganizationFtpUser orgUser)) {
            throw new FtpException("not a ListGate user: " + user.getName());
        }
        return new OrganizationFileSystemView(orgUser);
    }
}
