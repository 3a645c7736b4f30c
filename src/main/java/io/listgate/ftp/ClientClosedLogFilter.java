package io.listgate.ftp;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.ftpserver.impl.DefaultFtpHandler;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;

/**
 * FtpServer warns "Client closed connection before all replies could be sent" whenever a client hangs up
 * without waiting for the reply to QUIT, which is how curl ends every FTPS upload: nothing is wrong, so
 * the line goes to DEBUG here instead of WARN. Registered in {@code logback.xml}.
 */
public final class ClientClosedLogFilter extends TurboFilter {

    private static final String HANDLER = DefaultFtpHandler.class.getName();

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == Level.WARN && format != null && format.startsWith("Client closed connection before all replies")
                && HANDLER.equals(logger.getName())) {
            LoggerFactory.getLogger(FtpService.class).debug(
                    "FTP client closed the connection before the last reply was sent ({}): normal for curl",
                    params == null || params.length == 0 ? "" : params[0]);
            return FilterReply.DENY;
        }
        return FilterReply.NEUTRAL;
    }
}
