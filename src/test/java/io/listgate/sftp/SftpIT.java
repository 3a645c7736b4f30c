package io.listgate.sftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.ftp.Eventually;
import io.listgate.ftp.FileTransferFixture;
import io.listgate.ftp.FileTransferFixture.Account;
import io.listgate.support.Curl;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** SFTP as vendor-instructed clients use it: password login, {@code cd upload}, {@code put}, read {@code download/}. */
@ExtendWith(FileTransferFixture.Extension.class)
class SftpIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** OpenSSH, JSch and libssh2 all speak SFTP version 3. */
    private static final int SFTP_VERSION = 3;

    private final FileTransferFixture fixture;
    private final Account alice;
    private final AtomicReference<PublicKey> offeredHostKey = new AtomicReference<>();
    private SshClient ssh;
    private final List<AutoCloseable> opened = new ArrayList<>();

    SftpIT(FileTransferFixture fixture) {
        this.fixture = fixture;
        this.alice = fixture.orgA();
    }

    @BeforeEach
    void startClient() {
        ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier((session, address, key) -> {
            offeredHostKey.set(key);
            return true;
        });
        ssh.start();
    }

    @AfterEach
    void stopClient() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        ssh.stop();
    }

    @Test
    void putLandsInTheOrganizationsUploadFolder() throws IOException {
        // given
        SftpClient sftp = sftp(alice);
        String name = FileTransferFixture.unique("contacts.csv");

        // when
        try (OutputStream out = sftp.write("upload/" + name)) {
            out.write("email\nann@example.com\n".getBytes(UTF_8));
        }

        // then
        Eventually.awaitContent(fixture.upload(alice).resolve(name), "email\nann@example.com\n");
        assertFalse(Files.exists(fixture.upload(fixture.orgB()).resolve(name)));
    }

    @Test
    void hostKeyIsOneOldClientsAccept() throws IOException {
        // given / when
        sftp(alice);

        // then: JSch 0.1.5x verifies RSA and ECDSA P-256, not P-384 or P-521
        PublicKey key = offeredHostKey.get();
        boolean rsa3072 = key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 3072;
        boolean p256 = key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() == 256;
        assertTrue(rsa3072 || p256, "offered host key: " + key);
    }

    @Test
    void wrongPasswordIsRefused() throws IOException {
        // given
        ClientSession session = ssh.connect(alice.username(), fixture.host(), fixture.sftpPort()).verify(TIMEOUT).getSession();
        opened.add(session);
        session.addPasswordIdentity("not-the-password");

        // when / then
        assertThrows(IOException.class, () -> session.auth().verify(TIMEOUT));
        assertFalse(session.isAuthenticated());
    }

    @Test
    void theRootIsTheOrganizationFolderAndNothingAboveIt() throws IOException {
        // given
        Account bob = fixture.orgB();
        String bobsFile = FileTransferFixture.unique("globex-only.csv");
        Files.writeString(fixture.upload(bob).resolve(bobsFile), "private");
        SftpClient sftp = sftp(alice);

        // when / then
        assertEquals("/", sftp.canonicalPath("."));
        assertEquals("/", sftp.canonicalPath("/../../.."));
        assertEquals("/upload", sftp.canonicalPath("upload/../../upload"));
        assertTrue(names(sftp, "/").containsAll(List.of("upload", "download")));
        assertFails(() -> readAll(sftp, "/etc/passwd"));
        assertFails(() -> readAll(sftp, "/../../../../etc/passwd"));
        assertFails(() -> readAll(sftp, "/../" + bob.organization() + "/upload/" + bobsFile));
        assertFalse(names(sftp, "upload").contains(bobsFile));
    }

    @Test
    void writingOutsideUploadIsRefused() throws IOException {
        // given
        SftpClient sftp = sftp(alice);
        String name = FileTransferFixture.unique("sneaky.csv");
        Files.writeString(fixture.download(alice).resolve(name), "result");

        // when / then
        assertDenied(() -> write(sftp, "download/" + FileTransferFixture.unique("new.csv"), "x"));
        assertDenied(() -> write(sftp, name, "x"));
        assertDenied(() -> write(sftp, "download/" + name, "overwritten"));
        assertDenied(() -> sftp.mkdir("download/folder"));
        assertDenied(() -> sftp.mkdir("uploads"));
        assertDenied(() -> sftp.rename("download/" + name, "upload/" + name));
        assertDenied(() -> sftp.rmdir("download"));
        assertDenied(() -> sftp.rmdir("upload"));
        assertDenied(() -> sftp.rename("upload", "upload2"));
        assertEquals("result", Files.readString(fixture.download(alice).resolve(name)));
        assertFalse(Files.exists(fixture.root(alice).resolve("uploads")));
        assertFalse(Files.exists(fixture.root(alice).resolve(name)));
        // files in download/ are the client's to delete once fetched (export files, result files)
        sftp.remove("download/" + name);
        assertFalse(Files.exists(fixture.download(alice).resolve(name)));
    }

    @Test
    void downloadFolderIsReadable() throws IOException {
        // given
        String name = FileTransferFixture.unique("job.res");
        Files.writeString(fixture.download(alice).resolve(name), "42 rows imported\n");
        SftpClient sftp = sftp(alice);

        // when
        String content = readAll(sftp, "download/" + name);

        // then
        assertEquals("42 rows imported\n", content);
    }

    @Test
    void everyWriteWorksInsideUpload() throws IOException {
        // given
        SftpClient sftp = sftp(alice);
        String folder = "upload/" + FileTransferFixture.unique("batch");

        // when / then
        sftp.mkdir(folder);
        write(sftp, folder + "/a.csv", "one\n");
        sftp.rename(folder + "/a.csv", folder + "/b.csv");
        assertEquals("one\n", readAll(sftp, folder + "/b.csv"));
        sftp.remove(folder + "/b.csv");
        sftp.rmdir(folder);
        assertFalse(Files.exists(fixture.root(alice).resolve(folder)));
    }

    @Test
    void symbolicLinksPointingOutsideTheRootAreNeitherListedNorFollowed(@TempDir Path outside) throws IOException {
        // given
        String link = fixture.plantLinksTo(outside, alice);
        SftpClient sftp = sftp(alice);

        // when / then
        assertFalse(names(sftp, "download").stream().anyMatch(name -> name.contains(link)));
        assertFails(() -> names(sftp, "download/" + link));
        assertFails(() -> readAll(sftp, "download/" + link + "/secret.txt"));
        assertFails(() -> readAll(sftp, "download/" + link + ".txt"));
        assertFails(() -> sftp.stat("download/" + link));
        assertFails(() -> write(sftp, "upload/" + link + "/planted.txt", "x"));
        assertFalse(Files.exists(outside.resolve("planted.txt")));
    }

    @Test
    void creatingLinksIsRefused() throws IOException {
        // given
        SftpClient sftp = sftp(alice);
        String link = "upload/" + FileTransferFixture.unique("link");

        // when / then
        assertDenied(() -> sftp.symLink(link, "/download"));
        assertDenied(() -> sftp.symLink(link, "../../.."));
        assertFalse(Files.exists(fixture.root(alice).resolve(link), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void shellAndCommandExecutionAreRefused() throws IOException {
        // given
        ClientSession session = session(alice);
        // ask for the server's answer, so a refusal closes the channel instead of leaving it idle
        CoreModuleProperties.REQUEST_EXEC_REPLY.set(session, true);
        CoreModuleProperties.REQUEST_SHELL_REPLY.set(session, true);

        // when / then
        for (ClientChannel channel : List.of(session.createExecChannel("id"), session.createShellChannel())) {
            try (channel) {
                channel.open().verify(TIMEOUT);
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
                assertTrue(events.contains(ClientChannelEvent.CLOSED), events.toString());
                assertNull(channel.getExitStatus());
            }
        }
    }

    @Test
    void curlSftpUploadLandsInUpload(@TempDir Path temp) throws Exception {
        Curl.require();
        // given
        Path file = temp.resolve(FileTransferFixture.unique("curl.csv"));
        Files.writeString(file, "from curl over sftp\n");

        // when
        int exit = Curl.run("-k", "-T", file.toString(), "sftp://" + alice.username().replace("@", "%40") + ":" + alice.password()
                + "@" + fixture.host() + ":" + fixture.sftpPort() + "/upload/");

        // then
        assertEquals(0, exit);
        Eventually.awaitContent(fixture.upload(alice).resolve(file.getFileName().toString()), "from curl over sftp\n");
    }

    // --- helpers

    private ClientSession session(Account account) throws IOException {
        ClientSession session = ssh.connect(account.username(), fixture.host(), fixture.sftpPort()).verify(TIMEOUT).getSession();
        opened.add(session);
        session.addPasswordIdentity(account.password());
        session.auth().verify(TIMEOUT);
        return session;
    }

    private SftpClient sftp(Account account) throws IOException {
        SftpClient sftp = SftpClientFactory.instance().createSftpClient(session(account), SFTP_VERSION);
        opened.add(sftp);
        return sftp;
    }

    private static void write(SftpClient sftp, String path, String content) throws IOException {
        try (OutputStream out = sftp.write(path)) {
            out.write(content.getBytes(UTF_8));
        }
    }

    private static String readAll(SftpClient sftp, String path) throws IOException {
        try (InputStream in = sftp.read(path)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    private static List<String> names(SftpClient sftp, String dir) throws IOException {
        List<String> names = new ArrayList<>();
        try {
            for (SftpClient.DirEntry entry : sftp.readDir(dir)) {
                names.add(entry.getFilename());
            }
        } catch (UncheckedIOException e) {
            // the directory iterator wraps the server's refusal
            throw e.getCause();
        }
        return names;
    }

    private static void assertFails(Executable action) {
        assertThrows(SftpException.class, action);
    }

    private static void assertDenied(Executable action) {
        SftpException refused = assertThrows(SftpException.class, action);
        assertEquals(SftpConstants.SSH_FX_PERMISSION_DENIED, refused.getStatus(), refused.toString());
    }

}
