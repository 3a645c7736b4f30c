package io.listgate.ftp;

import io.listgate.files.UploadSentinels;
import java.io.File;
import java.io.IOException;
import java.util.Locale;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an FTP upload becomes known to the rest of ListGate: a hot-folder file is marked incomplete
 * while its upload runs ({@link UploadSentinels}), and every finished upload is logged.
 */
final class UploadFtplet extends DefaultFtplet {

    private static final Logger LOG = LoggerFactory.getLogger(UploadFtplet.class);

    @Override
    public FtpletResult beforeCommand(FtpSession session, FtpRequest request) throws FtpException, IOException {
        if (isUpload(request) && session.getUser() instanceof OrganizationFtpUser) {
            FtpFile file = session.getFileSystemView().getFile(request.getArgument());
            if (file.getPhysicalFile() instanceof File local) {
                UploadSentinels.started(file.getAbsolutePath(), local.toPath());
            }
        }
        return super.beforeCommand(session, request);
    }

    // DefaultFtplet calls onUploadEnd after every STOR, failed or not: only a 226 means the file is complete.
    @Override
    public FtpletResult afterCommand(FtpSession session, FtpRequest request, FtpReply reply) throws FtpException, IOException {
        if (isUpload(request) && reply.getCode() == FtpReply.REPLY_226_CLOSING_DATA_CONNECTION
                && session.getUser() instanceof OrganizationFtpUser user) {
            FtpFile file = session.getFileSystemView().getFile(request.getArgument());
            if (file.getPhysicalFile() instanceof File local) {
                UploadSentinels.finished(file.getAbsolutePath(), local.toPath());
            }
            LOG.info("FTP upload finished: organization {} file {} by {}",
                    user.orgUser().organizationName(), file.getAbsolutePath(), user.orgUser().username());
        }
        return super.afterCommand(session, request, reply);
    }

    private static boolean isUpload(FtpRequest request) {
        String command = request.getCommand().toUpperCase(Locale.ROOT);
        return command.equals("STOR") || command.equals("APPE");
    }
}
