package io.listgate.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.config.ListGateConfig;
import io.listgate.files.OrganizationFolders;
import io.listgate.sftp.SftpService;
import io.listgate.tls.KeyMaterial;
import io.listgate.user.Authenticator;
import io.listgate.user.LoginAttempt;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTransferServicesLifecycleTest {

    @TempDir
    Path home;

    @Test
    void servicesReportTheirBoundPortsWhileRunningAndStopCleanly() throws IOException {
        // given
        ListGateConfig config = ListGateConfig.defaults(home).withPorts(0, 0, "0", 0);
        OrganizationFolders folders = new OrganizationFolders(config.dataDir());
        KeyMaterial keys = KeyMaterial.loadOrCreate(config.keysDir(), config.https().hostNames());
        Authenticator nobody = (username, password, address) -> LoginAttempt.rejected();
        FtpService ftp = new FtpService(config, nobody, folders, keys);
        SftpService sftp = new SftpService(config, nobody, folders, keys);

        // when
        ftp.start();
        sftp.start();
        try {
            // then
            assertTrue(ftp.isRunning());
            assertTrue(sftp.isRunning());
            assertTrue(ftp.port() > 0 && sftp.port() > 0 && ftp.port() != sftp.port());
            try (Socket control = new Socket("127.0.0.1", ftp.port())) {
                assertEquals('2', control.getInputStream().read(), "FTP greets with a 2xx reply");
            }
            assertThrows(IllegalStateException.class, ftp::start);
            assertThrows(IllegalStateException.class, sftp::start);
        } finally {
            ftp.stop();
            sftp.stop();
        }
        assertFalse(ftp.isRunning());
        assertFalse(sftp.isRunning());
    }
}
