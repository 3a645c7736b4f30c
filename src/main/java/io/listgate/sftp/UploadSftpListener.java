package io.listgate.sftp;

import io.listgate.files.UploadSentinels;
import io.listgate.user.OrgUser;
import java.nio.file.StandardOpenOption;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an SFTP upload becomes known to the rest of ListGate: a file handle opened for writing marks a
 * hot-folder file incomplete ({@link UploadSentinels}) until it closes without error; every finished
 * upload is logged.
 */
final class UploadSftpListener implements SftpEventListener {

    private static final Logger LOG = LoggerFactory.getLogger(UploadSftpListener.class);

    @Override
    public void opening(ServerSession session, String remoteHandle, Handle localHandle) {
        if (localHandle instanceof FileHandle file && file.getOpenOptions().contains(StandardOpenOption.WRITE)) {
            UploadSentinels.started(OrganizationSftpAccessor.virtualPath(file.getFile()), file.getFile());
        }
    }

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle localHandle, Throwable thrown) {
        if (thrown == null && localHandle instanceof FileHandle file
                && file.getOpenOptions().contains(StandardOpenOption.WRITE)) {
            UploadSentinels.finished(OrganizationSftpAccessor.virtualPath(file.getFile()), file.getFile());
            OrgUser user = session.getAttribute(OrganizationPasswordAuthenticator.ORG_USER);
            LOG.info("SFTP upload finished: organization {} file {} by {}",
                    user == null ? "?" : user.organizationName(), OrganizationSftpAccessor.virtualPath(file.getFile()),
                    session.getUsername());
        }
    }
}
