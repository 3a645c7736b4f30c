package io.listgate.ftp;

import static io.listgate.support.TestUsers.ACME_FTP_PASSWORD;
import static io.listgate.support.TestUsers.ACME_FTP_USER;
import static io.listgate.support.TestUsers.GLOBEX_FTP_PASSWORD;
import static io.listgate.support.TestUsers.GLOBEX_FTP_USER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.support.TestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FTP and SFTP session limits (issue 12, item 10) on a server of its own with small ones: three
 * sessions in all, two per user. A session beyond a limit is refused before it can do anything, and a
 * closed session frees its place.
 */
class FileTransferLimitsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static Server server;
    private static SshClient ssh;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void startAServerWithSmallLimits() {
        ListGateConfig config = TestServer.config(TestServer.newHome("limits"));
        ListGateConfig.Limits l = config.limits();
        server = Server.create(config.withLimits(new ListGateConfig.Limits(l.httpIdleTimeout(), l.httpBodyTimeout(),
                l.httpRequestsPerAddress(), l.addressLoginFailures(), l.addressLoginWindow(), 3, 2, 2, 3, 2))).start();
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier((session, address, key) -> true);
        ssh.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (ssh != null) {
            ssh.stop();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeSessions() throws Exception {
        for (AutoCloseable session : opened) {
            session.close();
        }
    }

    @Test
    void ftpRefusesALoginBeyondTheUsersAndTheServersLimitUntilOneEnds() throws IOException {
        FTPClient first = ftp(ACME_FTP_USER, ACME_FTP_PASSWORD);
        ftp(ACME_FTP_USER, ACME_FTP_PASSWORD);

        assertRefused(() -> ftp(ACME_FTP_USER, ACME_FTP_PASSWORD), "a third session of one user");
        ftp(GLOBEX_FTP_USER, GLOBEX_FTP_PASSWORD);
        assertRefused(() -> ftp(GLOBEX_FTP_USER, GLOBEX_FTP_PASSWORD), "a fourth session in all");

        first.logout();
        first.disconnect();
        Eventually.await("a closed session frees its place", TIMEOUT, () -> tryFtp(GLOBEX_FTP_USER, GLOBEX_FTP_PASSWORD));
    }

    @Test
    void sftpRefusesASessionBeyondTheUsersAndTheServersLimitUntilOneEnds() throws IOException {
        ClientSession first = sftp(ACME_FTP_USER, ACME_FTP_PASSWORD);
        sftp(ACME_FTP_USER, ACME_FTP_PASSWORD);

        assertRefused(() -> sftp(ACME_FTP_USER, ACME_FTP_PASSWORD), "a third session of one user");
        // the refused session holds its place until the server has closed it, a moment later
        Eventually.await("another user's session, the third in all", TIMEOUT, () -> trySftp(GLOBEX_FTP_USER, GLOBEX_FTP_PASSWORD));
        assertRefused(() -> sftp(GLOBEX_FTP_USER, GLOBEX_FTP_PASSWORD), "a fourth session in all");

        first.close();
        Eventually.await("a closed session frees its place", TIMEOUT, () -> trySftp(GLOBEX_FTP_USER, GLOBEX_FTP_PASSWORD));
    }

    private interface Login {
        void open() throws IOException;
    }

    private static void assertRefused(Login login, String what) {
        assertThrows(IOException.class, login::open, what + " must be refused");
    }

    private FTPClient ftp(String user, String password) throws IOException {
        FTPClient ftp = new FTPClient();
        ftp.setConnectTimeout((int) TIMEOUT.toMillis());
        ftp.setDefaultTimeout((int) TIMEOUT.toMillis());
        ftp.connect("127.0.0.1", server.ftpPort());
        opened.add(ftp::disconnect);
        boolean in = ftp.login(user, password);
        if (!in) {
            String reply = ftp.getReplyString();
            ftp.disconnect();
            throw new IOException("FTP login refused: " + reply);
        }
        assertTrue(ftp.sendNoOp(), "a session within the limits works");
        return ftp;
    }

    private ClientSession sftp(String user, String password) throws IOException {
        ClientSession session = ssh.connect(user, "127.0.0.1", server.sftpPort()).verify(TIMEOUT).getSession();
        opened.add(session);
        session.addPasswordIdentity(password);
        session.auth().verify(TIMEOUT);
        assertEquals("/", SftpClientFactory.instance().createSftpClient(session).canonicalPath("."));
        return session;
    }

    private boolean tryFtp(String user, String password) {
        try {
            ftp(user, password);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private boolean trySftp(String user, String password) {
        try {
            sftp(user, password);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
