package io.listgate.ftp;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.ftp.FileTransferFixture.Account;
import io.listgate.support.Curl;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;
import org.apache.commons.net.ftp.FTPSClient;
import org.apache.commons.net.util.TrustManagerUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** FTP and explicit FTPS as real clients use them: commons-net, the JDK's ftp: URLs and curl. */
@ExtendWith(FileTransferFixture.Extension.class)
class FtpIT {

    private final FileTransferFixture fixture;
    private final Account alice;
    private FTPClient client;

    FtpIT(FileTransferFixture fixture) {
        this.fixture = fixture;
        this.alice = fixture.orgA();
    }

    @AfterEach
    void disconnect() throws IOException {
        if (client != null && client.isConnected()) {
            client.disconnect();
        }
    }

    @Test
    void uploadLandsInTheOrganizationsUploadFolder() throws IOException {
        // given
        FTPClient ftp = loggedIn(alice);
        String name = FileTransferFixture.unique("contacts.csv");

        // when
        boolean stored = ftp.storeFile("upload/" + name, stream("email\nann@example.com\n"));

        // then
        assertTrue(stored, ftp.getReplyString());
        assertEquals("email\nann@example.com\n", Files.readString(fixture.upload(alice).resolve(name)));
        assertFalse(Files.exists(fixture.upload(fixture.orgB()).resolve(name)), "nothing lands in the other organization");
    }

    @Test
    void listingsNameTheSignedInUserAndItsOrganizationAsOwnerAndGroup() throws IOException {
        // given
        FTPClient ftp = loggedIn(alice);
        String name = FileTransferFixture.unique("owned.csv");
        assertTrue(ftp.storeFile("upload/" + name, stream("email\n")), ftp.getReplyString());

        // when
        FTPFile listed = Arrays.stream(ftp.listFiles("upload")).filter(f -> f.getName().equals(name)).findFirst().orElseThrow();

        // then
        assertEquals(alice.username(), listed.getUser());
        assertEquals(alice.organization(), listed.getGroup());
    }

    @Test
    void loginStartsAtTheOrganizationRootWhichShowsUploadAndDownload() throws IOException {
        // given
        FTPClient ftp = loggedIn(alice);

        // when
        String pwd = ftp.printWorkingDirectory();
        List<String> names = Arrays.asList(ftp.listNames());

        // then
        assertEquals("/", pwd);
        assertTrue(names.containsAll(List.of("upload", "download")), names.toString());
    }

    @Test
    void changingToTheParentOfTheRootStaysAtTheRoot() throws IOException {
        // given
        FTPClient ftp = loggedIn(alice);
        assertTrue(ftp.changeWorkingDirectory("upload"));

        // when
        ftp.changeWorkingDirectory("..");
        ftp.changeWorkingDirectory("..");
        ftp.changeWorkingDirectory("../../..");
        ftp.changeToParentDirectory();

        // then
        assertEquals("/", ftp.printWorkingDirectory());
        assertTrue(Arrays.asList(ftp.listNames()).contains("upload"));
    }

    @Test
    void absolutePathsNeverLeaveTheOrganizationRoot() throws IOException {
        // given
        FTPClient ftp = loggedIn(alice);

        // when / then
        assertFalse(ftp.changeWorkingDirectory("/etc"));
        assertEquals(FTPReply.FILE_UNAVAILABLE, ftp.getReplyCode());
        assertFalse(ftp.retrieveFile("/etc/passwd", new ByteArrayOutputStream()));
        assertFalse(ftp.retrieveFile("/../../../../etc/passwd", new ByteArrayOutputStream()));
        assertTrue(ftp.changeWorkingDirectory("/../.."));
        assertEquals("/", ftp.printWorkingDirectory());
        String otherOrganization = "/../" + fixture.orgB().organization() + "/upload";
        assertFalse(ftp.changeWorkingDirectory(otherOrganization));
    }

    @Test
    void storingAtTheRootOrIntoDownloadIsRefused() throws IOException {
        // given
        FTPClient ftp = loggedIn(alice);
        String name = FileTransferFixture.unique("sneaky.csv");

        // when / then
        assertFalse(ftp.storeFile(name, stream("x")));
        assertEquals(FTPReply.FILE_UNAVAILABLE, ftp.getReplyCode(), ftp.getReplyString());
        assertFalse(ftp.storeFile("download/" + name, stream("x")));
        assertEquals(FTPReply.FILE_UNAVAILABLE, ftp.getReplyCode(), ftp.getReplyString());
        assertFalse(ftp.appendFile("download/" + name, stream("x")));
        assertFalse(ftp.makeDirectory("download/folder"));
        assertFalse(ftp.makeDirectory("uploads"));
        assertFalse(Files.exists(fixture.root(alice).resolve(name)));
        assertFalse(Files.exists(fixture.download(alice).resolve(name)));
        assertFalse(Files.exists(fixture.root(alice).resolve("uploads")));
    }

    @Test
    void downloadFolderIsReadableAndItsFilesDeletableButNotChangeable() throws IOException {
        // given
        String name = FileTransferFixture.unique("results.res");
        Files.writeString(fixture.download(alice).resolve(name), "42 rows imported\n");
        FTPClient ftp = loggedIn(alice);

        // when
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        boolean retrieved = ftp.retrieveFile("download/" + name, received);

        // then
        assertTrue(retrieved, ftp.getReplyString());
        assertEquals("42 rows imported\n", received.toString(UTF_8));
        assertFalse(ftp.rename("download/" + name, "upload/" + name));
        assertFalse(ftp.rename("download/" + name, "download/renamed.res"));
        assertTrue(Files.exists(fixture.download(alice).resolve(name)));
        assertTrue(ftp.deleteFile("download/" + name), ftp.getReplyString());
        assertFalse(Files.exists(fixture.download(alice).resolve(name)));
    }

    @Test
    void everyWriteCommandWorksInsideUpload() throws IOException {
        // given
        FTPClient ftp = loggedIn(alice);
        String folder = FileTransferFixture.unique("batch");

        // when / then
        assertTrue(ftp.makeDirectory("upload/" + folder), ftp.getReplyString());
        assertTrue(ftp.changeWorkingDirectory("/upload/" + folder));
        assertTrue(ftp.storeFile("a.csv", stream("one\n")));
        assertTrue(ftp.appendFile("a.csv", stream("two\n")), ftp.getReplyString());
        assertTrue(ftp.rename("a.csv", "b.csv"), ftp.getReplyString());
        assertTrue(ftp.storeUniqueFile(stream("unique\n")), ftp.getReplyString());
        Path local = fixture.upload(alice).resolve(folder);
        assertEquals("one\ntwo\n", Files.readString(local.resolve("b.csv")));
        assertTrue(ftp.deleteFile("b.csv"));
        try (var left = Files.list(local)) {
            left.forEach(path -> {
                try {
                    assertTrue(ftp.deleteFile(path.getFileName().toString()), ftp.getReplyString());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            });
        }
        assertTrue(ftp.changeWorkingDirectory("/"));
        assertTrue(ftp.removeDirectory("upload/" + folder), ftp.getReplyString());
        assertFalse(Files.exists(local));
    }

    @Test
    void theUploadAndDownloadFoldersThemselvesCannotBeRemovedOrRenamed() throws IOException {
        // given
        FTPClient ftp = loggedIn(alice);

        // when / then
        assertFalse(ftp.removeDirectory("upload"));
        assertFalse(ftp.removeDirectory("/download"));
        assertFalse(ftp.rename("upload", "upload2"));
        assertFalse(ftp.rename("download", "upload/download"));
        assertTrue(Files.isDirectory(fixture.upload(alice)));
        assertTrue(Files.isDirectory(fixture.download(alice)));
    }

    @Test
    void symbolicLinksPointingOutsideTheRootAreNotFollowed(@TempDir Path outside) throws IOException {
        // given a folder outside every organization with a secret, and links to it inside alice's root
        String link = fixture.plantLinksTo(outside, alice);
        FTPClient ftp = loggedIn(alice);

        // when / then: the links are neither listed nor usable
        assertFalse(Arrays.asList(ftp.listNames("download")).stream().anyMatch(name -> name.contains(link)));
        String[] throughLink = ftp.listNames("download/" + link);
        assertTrue(throughLink == null || throughLink.length == 0, Arrays.toString(throughLink));
        assertEquals(0, ftp.listFiles("download/" + link).length);
        assertFalse(ftp.retrieveFile("download/" + link + "/secret.txt", new ByteArrayOutputStream()));
        assertFalse(ftp.retrieveFile("download/" + link + ".txt", new ByteArrayOutputStream()));
        assertFalse(ftp.changeWorkingDirectory("download/" + link));
        assertFalse(ftp.storeFile("upload/" + link + "/planted.txt", stream("x")));
        assertFalse(Files.exists(outside.resolve("planted.txt")));
    }

    @Test
    void organizationsDoNotSeeEachOthersFiles() throws IOException {
        // given
        Account bob = fixture.orgB();
        String name = FileTransferFixture.unique("globex-only.csv");
        Files.writeString(fixture.upload(bob).resolve(name), "private");
        FTPClient ftp = loggedIn(alice);

        // when
        String[] names = ftp.listNames("upload");

        // then
        assertFalse(names != null && Arrays.asList(names).contains(name));
        assertFalse(ftp.retrieveFile("upload/" + name, new ByteArrayOutputStream()));
        assertFalse(ftp.retrieveFile("/../" + bob.organization() + "/upload/" + name, new ByteArrayOutputStream()));
    }

    @Test
    void dozensOfSessionsOfOneUserFromOneAddressAreAllLoggedInAtOnce() throws IOException {
        List<FTPClient> sessions = new ArrayList<>();
        try {
            for (int i = 0; i < 25; i++) {
                FTPClient ftp = new FTPClient();
                ftp.setConnectTimeout(10_000);
                ftp.setDefaultTimeout(10_000);
                sessions.add(ftp);
                ftp.connect(fixture.host(), fixture.ftpPort());

                assertTrue(ftp.login(alice.username(), alice.password()), "session " + (i + 1) + ": " + ftp.getReplyString());
            }
        } finally {
            for (FTPClient ftp : sessions) {
                if (ftp.isConnected()) {
                    ftp.disconnect();
                }
            }
        }
    }

    @Test
    void wrongPasswordIsRefused() throws IOException {
        // given
        FTPClient ftp = connected();

        // when
        boolean loggedIn = ftp.login(alice.username(), "not-the-password");

        // then
        assertFalse(loggedIn);
        assertEquals(FTPReply.NOT_LOGGED_IN, ftp.getReplyCode());
        assertFalse(connected().login("anonymous", "guest@example.com"));
    }

    @Test
    void extendedPassiveModeWorksIncludingEpsvAll() throws IOException {
        // given
        FTPClient ftp = loggedIn(alice);
        ftp.setUseEPSVwithIPv4(true);
        String name = FileTransferFixture.unique("epsv.csv");

        // when
        int epsvAll = ftp.sendCommand("EPSV", "ALL");
        boolean stored = ftp.storeFile("upload/" + name, stream("via EPSV"));

        // then
        assertEquals(FTPReply.COMMAND_OK, epsvAll, ftp.getReplyString());
        assertTrue(stored, ftp.getReplyString());
        assertEquals("via EPSV", Files.readString(fixture.upload(alice).resolve(name)));
    }

    @Test
    void classicPassiveModeWorks() throws IOException {
        // given
        FTPClient ftp = loggedIn(alice);
        ftp.setUseEPSVwithIPv4(false);
        String name = FileTransferFixture.unique("pasv.csv");

        // when
        int pasv = ftp.pasv();
        boolean stored = ftp.storeFile("upload/" + name, stream("via PASV"));

        // then
        assertEquals(FTPReply.ENTERING_PASSIVE_MODE, pasv);
        assertTrue(stored, ftp.getReplyString());
        assertEquals("via PASV", Files.readString(fixture.upload(alice).resolve(name)));
    }

    @Test
    void explicitFtpsUploadWithProtectedDataChannel() throws IOException {
        // given
        FTPSClient ftps = new FTPSClient("TLS", false);
        ftps.setTrustManager(TrustManagerUtils.getAcceptAllTrustManager());
        client = ftps;
        ftps.setConnectTimeout(10_000);
        ftps.connect(fixture.host(), fixture.ftpPort());
        assertTrue(ftps.login(alice.username(), alice.password()), ftps.getReplyString());
        ftps.execPBSZ(0);
        ftps.execPROT("P");
        ftps.enterLocalPassiveMode();
        ftps.setFileType(FTP.BINARY_FILE_TYPE);
        String name = FileTransferFixture.unique("secure.csv");

        // when
        boolean stored = ftps.storeFile("upload/" + name, stream("over TLS"));
        ByteArrayOutputStream listing = new ByteArrayOutputStream();
        boolean listed = ftps.retrieveFile("upload/" + name, listing);

        // then
        assertTrue(stored, ftps.getReplyString());
        assertTrue(listed, ftps.getReplyString());
        assertEquals("over TLS", listing.toString(UTF_8));
        assertEquals("over TLS", Files.readString(fixture.upload(alice).resolve(name)));
    }

    @Test
    void jdkFtpUrlUploadLandsInUpload() throws IOException {
        // given
        String name = FileTransferFixture.unique("jdk.csv");
        URL url = new URL("ftp://" + alice.username().replace("@", "%40") + ":" + alice.password() + "@" + fixture.host() + ":"
                + fixture.ftpPort() + "/upload/" + name + ";type=i");

        // when
        URLConnection connection = url.openConnection();
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(10_000);
        try (OutputStream out = connection.getOutputStream()) {
            out.write("from the JDK\n".getBytes(UTF_8));
        }

        // then
        Eventually.awaitContent(fixture.upload(alice).resolve(name), "from the JDK\n");
    }

    @Test
    void curlUploadLandsInUploadWithEpsvPasvAndTls(@TempDir Path temp) throws Exception {
        Curl.require();
        // given
        Path file = temp.resolve(FileTransferFixture.unique("curl.csv"));
        Files.writeString(file, "from curl\n");
        String base = "ftp://" + alice.username().replace("@", "%40") + ":" + alice.password() + "@" + fixture.host() + ":"
                + fixture.ftpPort() + "/upload/";

        // when / then: EPSV (curl's default), PASV only, and explicit FTPS
        curl("-T", file.toString(), base + "epsv-" + file.getFileName());
        curl("--disable-epsv", "-T", file.toString(), base + "pasv-" + file.getFileName());
        curl("--ssl-reqd", "-k", "-T", file.toString(), base + "tls-" + file.getFileName());
        for (String prefix : List.of("epsv-", "pasv-", "tls-")) {
            Eventually.awaitContent(fixture.upload(alice).resolve(prefix + file.getFileName()), "from curl\n");
        }
    }

    @Test
    void curlCannotUploadIntoDownload(@TempDir Path temp) throws Exception {
        Curl.require();
        // given
        Path file = temp.resolve(FileTransferFixture.unique("curl-refused.csv"));
        Files.writeString(file, "nope\n");

        // when
        int exit = Curl.run("-T", file.toString(), "ftp://" + alice.username().replace("@", "%40") + ":" + alice.password() + "@"
                + fixture.host() + ":" + fixture.ftpPort() + "/download/");

        // then
        assertEquals(25, exit, "curl reports a refused upload (25: upload failed)");
        assertFalse(Files.exists(fixture.download(alice).resolve(file.getFileName().toString())));
    }

    // --- helpers

    private FTPClient connected() throws IOException {
        FTPClient ftp = new FTPClient();
        ftp.setConnectTimeout(10_000);
        ftp.setDefaultTimeout(10_000);
        ftp.connect(fixture.host(), fixture.ftpPort());
        if (client != null && client.isConnected()) {
            client.disconnect();
        }
        client = ftp;
        return ftp;
    }

    private FTPClient loggedIn(Account account) throws IOException {
        FTPClient ftp = connected();
        assertTrue(ftp.login(account.username(), account.password()), ftp.getReplyString());
        ftp.enterLocalPassiveMode();
        ftp.setFileType(FTP.BINARY_FILE_TYPE);
        return ftp;
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(UTF_8));
    }

    private static void curl(String... args) throws Exception {
        assertEquals(0, Curl.run(args), "curl " + String.join(" ", args).replaceAll(":[^:@/]+@", ":***@"));
    }

}
