package io.listgate;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.config.ConfigurationException;
import io.listgate.config.ListGateConfig;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    private final ListGateConfig free = ListGateConfig.defaults(Path.of("unused")).toBuilder()
            .bindAddress("127.0.0.1").httpPort(0).ftpPort(0).sftpPort(0).embeddedDbPort(0)
            .https(ListGateConfig.Https.DEFAULT.withPort(ListGateConfig.OFF)).build();

    @Test
    void aTakenPortIsRefusedNamingTheSettingToChange() throws Exception {
        // given another program listening
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            ListGateConfig config = free.toBuilder().sftpPort(other.getLocalPort()).build();

            // when
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> PortCheck.requireFree(config));

            // then
            assertTrue(e.getMessage().startsWith("Port " + other.getLocalPort() + " for SFTP on 127.0.0.1 is not available"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("Set LISTGATE_SFTP_PORT (sftp_port in the configuration file)"), e.getMessage());
        }
    }

    @Test
    void twoListenersOnOnePortAreRefusedNamingBothSettings() {
        ListGateConfig config = free.toBuilder().httpPort(18_080).ftpPort(18_080).build();

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> PortCheck.requireFree(config));

        assertTrue(e.getMessage().contains("HTTP and FTP are both set to port 18080"), e.getMessage());
        assertTrue(e.getMessage().contains("LISTGATE_HTTP_PORT or LISTGATE_FTP_PORT"), e.getMessage());
    }

    @Test
    void freeAndAnyPortsPass() {
        assertDoesNotThrow(() -> PortCheck.requireFree(free));
    }
}
