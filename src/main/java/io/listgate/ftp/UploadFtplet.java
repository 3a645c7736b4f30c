package io.listgate.ftp;

import java.io.IOException;
import org.apache.ftpserver.ftplet.DefaultFtplet;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.ftplet.FtpSession;
import org.apache.ftpserver.ftplet.FtpletResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an FTP upload becomes known to the rest of ListGate. Today it logs one line per finished
 * upload; this is the hook to turn into an "upload finished" event.
 */
final class UploadFtplet extends DefaultFtplet {

    private static final Logger LOG = LoggerFactory.getLogger(UploadFtplet.class);

    // DefaultFtplet calls onUploadEnd after every STOR, failed or not: only a 226 means the file is complete.
    @Override
    public FtpletResult afterCommand(FtpSession session, FtpRequest request, FtpReply reply) throws FtpException, IOException {
        String command = request.getCommand().toUpperCase();
        if ((command.equals("STOR") || command.equals("APPE"))
                && reply.getCode() == FtpReply.REPLY_226_CLOSING_DATA_CONNECTION
                && session.getUser() instanceof OrganizationFtpUser user) {
            String path = session.getFileSystemView().getFile(request.getArgument()).getAbsolutePath();
            LOG.info("FTP upload finished: organization {} file {} by {}",
                    user.orgUser().organizationName(), path, user.orgUser().username());
        }
        return super.afterCommand(session, request, reply);
    }
}
