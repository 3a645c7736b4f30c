package io.listgate.oauth;

import static io.listgate.support.TestUsers.ACME_CLIENT;
import static io.listgate.support.TestUsers.ACME_CLIENT_SECRET;
import static io.listgate.support.TestUsers.ACME_REFRESH_TOKEN;
import static io.listgate.support.TestUsers.EXPIRING_CLIENT;
import static io.listgate.support.TestUsers.LOCKED_CLIENT;
import static io.listgate.support.TestUsers.LOCKED_CLIENT_USER;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.Server;
import io.listgate.ftp.Eventually;
import io.listgate.ftp.FileTransferFixture;
import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Applications that upload their own files (spec: FTP side): they sign in to SFTP, FTP and FTPS as
 * user {@code oauth} with an access token from {@code /oauth/token} as the password, and work in the
 * organization of the token's user.
 */
@ExtendWith(FileTransferFixture.Extension.class)
class OAuthFileTransferIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final String OAUTH = "oauth";

    private final FileTransferFixture fixture;
    private final Server server = TestServer.shared();
    private final List<AutoCloseable> opened = new ArrayList<>();
    private SshClient ssh;

    OAuthFileTransferIT(FileTransferFixture fixture) {
        this.fixture = fixture;
    }

    @BeforeEach
    void startSshClient() {
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier((session, address, key) -> true);
        ssh.start();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        ssh.stop();
    }

    @Test
    void anAccessTokenSignsInAsOauthOnSftpAndUploadsIntoItsUsersOrganization() throws Exception {
        // given a token of acme's application
        String token = OAuthIT.accessToken(ACME_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);
        String name = FileTransferFixture.unique("oauth-sftp.csv");

        // when it signs in as oauth, goes to upload and puts a file
        SftpClient sftp = SftpClientFactory.instance().createSftpClient(sftpSession(token));
        opened.add(sftp);
        try (OutputStream out = sftp.write("upload/" + name)) {
            out.write("email\nann@example.com\n".getBytes(UTF_8));
        }

        // then the file is in acme's upload folder and nowhere else
        Eventually.awaitContent(fixture.upload(fixture.orgA()).resolve(name), "email\nann@example.com\n");
        assertFalse(Files.exists(fixture.upload(fixture.orgB()).resolve(name)));
    }

    @Test
    void anAccessTokenSignsInAsOauthOnFtpsAndUploadsOverAProtectedDataChannel() throws Exception {
        // given
        String token = OAuthIT.accessToken(ACME_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);
        String name = FileTransferFixture.unique("oauth-ftps.csv");
        FTPSClient ftps = new FTPSClient("TLS", false);
        ftps.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
        ftps.setConnectTimeout(10_000);
        ftps.setDefaultTimeout(10_000);
        ftps.connect(fixture.host(), fixture.ftpPort());
        opened.add(ftps::disconnect);

        // when
        assertTrue(ftps.login(OAUTH, token), ftps.getReplyString());
        ftps.execPBSZ(0);
        ftps.execPROT("P");
        ftps.enterLocalPassiveMode();
        ftps.setFileType(FTP.BINARY_FILE_TYPE);
        boolean stored = ftps.storeFile("upload/" + name, new ByteArrayInputStream("over TLS\n".getBytes(UTF_8)));

        // then
        assertTrue(stored, ftps.getReplyString());
        Eventually.awaitContent(fixture.upload(fixture.orgA()).resolve(name), "over TLS\n");
    }

    @Test
    void anUnknownOrExpiredTokenIsRefusedLikeAWrongPassword() throws Exception {
        // given a token that expired and one that never existed
        String expired = OAuthIT.accessToken(EXPIRING_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);
        assertTrue(sftpAccepts(expired), "the token works before it expires");
        OAuthIT.expire(expired);
        String unknown = "0".repeat(64);

        // when / then
        for (String token : List.of(expired, unknown)) {
            assertFalse(sftpAccepts(token), "SFTP accepted token '" + token + "'");
            assertFalse(ftpAccepts(token), "FTP accepted token '" + token + "'");
        }
    }

    @Test
    void aValidTokenOfALockedUserIsRefusedOnSftpAndFtp() throws Exception {
        // given a working token of an application whose user then gets locked by wrong passwords
        String token = OAuthIT.accessToken(LOCKED_CLIENT, ACME_CLIENT_SECRET, ACME_REFRESH_TOKEN);
        assertTrue(sftpAccepts(token), "the token works while its user is not locked");
        XmlApiClient api = new XmlApiClient(server.httpPort());
        for (int i = 0; i < server.config().login().maxFailures(); i++) {
            assertEquals("140", api.form(XmlApiClient.login(LOCKED_CLIENT_USER, "wrong-" + i), null).errorId());
        }

        // when / then
        assertFalse(sftpAccepts(token));
        assertFalse(ftpAccepts(token));
    }

    // --- helpers

    private ClientSession sftpSession(String token) throws IOException {
        ClientSession session = ssh.connect(OAUTH, fixture.host(), fixture.sftpPort()).verify(TIMEOUT).getSession();
        opened.add(session);
        session.addPasswordIdentity(token);
        session.auth().verify(TIMEOUT);
        return session;
    }

    private boolean sftpAccepts(String token) {
        try {
            return sftpSession(token).isAuthenticated();
        } catch (IOException refused) {
            return false;
        }
    }

    private boolean ftpAccepts(String token) throws IOException {
        FTPClient ftp = new FTPClient();
        ftp.setConnectTimeout(10_000);
        ftp.setDefaultTimeout(10_000);
        ftp.connect(fixture.host(), fixture.ftpPort());
        try {
            return ftp.login(OAUTH, token);
        } finally {
            ftp.disconnect();
        }
    }
}
