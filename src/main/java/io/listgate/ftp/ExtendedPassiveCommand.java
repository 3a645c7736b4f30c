package io.listgate.ftp;

import java.io.IOException;
import org.apache.ftpserver.command.AbstractCommand;
import org.apache.ftpserver.command.Command;
import org.apache.ftpserver.command.impl.EPSV;
import org.apache.ftpserver.ftplet.DefaultFtpReply;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.FtpReply;
import org.apache.ftpserver.ftplet.FtpRequest;
import org.apache.ftpserver.impl.FtpIoSession;
import org.apache.ftpserver.impl.FtpServerContext;

/**
 * {@code EPSV} with RFC 2428 section 4's {@code EPSV ALL}. FtpServer 1.2 ignores the argument and
 * opens a data port for {@code EPSV ALL} with a 229 reply; the JDK's {@code ftp:} client sends
 * {@code EPSV ALL} and expects 200 before its real {@code EPSV}. Anything else goes to FtpServer's EPSV.
 */
final class ExtendedPassiveCommand extends AbstractCommand {

    private final Command epsv = new EPSV();

    @Override
    public void execute(FtpIoSession session, FtpServerContext context, FtpRequest request)
            throws IOException, FtpException {
        String argument = request.getArgument();
        if (argument != null && argument.strip().equalsIgnoreCase("ALL")) {
            session.resetState();
            session.write(new DefaultFtpReply(FtpReply.REPLY_200_COMMAND_OKAY, "EPSV ALL ok, use EPSV for data connections."));
            return;
        }
        epsv.execute(session, context, request);
    }
}
