package io.listgate.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.ftpserver.impl.DefaultFtpHandler;
import org.junit.jupiter.api.Test;

class ClientClosedLogFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final ClientClosedLogFilter filter = new ClientClosedLogFilter();

    @Test
    void aClientHangingUpBeforeTheLastReplyIsNoWarning() {
        Logger handler = context.getLogger(DefaultFtpHandler.class);

        assertEquals(FilterReply.DENY, filter.decide(null, handler, Level.WARN,
                "Client closed connection before all replies could be sent, last reply was {}", new Object[] {"221"}, null));
    }

    @Test
    void everyOtherWarningStays() {
        Logger handler = context.getLogger(DefaultFtpHandler.class);

        assertEquals(FilterReply.NEUTRAL, filter.decide(null, handler, Level.WARN,
                "Client sent command that could not be decoded: {}", new Object[] {"ff"}, null));
        assertEquals(FilterReply.NEUTRAL, filter.decide(null, context.getLogger("io.listgate.Other"), Level.WARN,
                "Client closed connection before all replies could be sent, last reply was {}", null, null));
    }
}
