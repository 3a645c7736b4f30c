package io.listgate.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.listgate.ftp.FileTransferFixture;
import io.listgate.ftp.FileTransferFixture.Account;
import io.listgate.support.Hostile;
import io.listgate.support.ImportSteps;
import io.listgate.support.MappingXml;
import io.listgate.support.XmlApiClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hostile files and file-transfer commands, generated from a seed (printed with every failure;
 * rerun one with {@code -Dfuzz.seed=<seed>}): mutated mapping files and CSV sources go through
 * ImportList and must end in a clean fault or a job that ends with its bad rows recorded; FTP and
 * SFTP commands with paths that try to leave the organization's folder must be answered promptly
 * and write nothing outside it. Nothing answered may show internals.
 */
@ExtendWith(FileTransferFixture.Extension.class)
class HostileFilesFuzzIT {

    private static final int IMPORTS = 40;
    private static final int COMMANDS = 150;
    /** Every name this suite creates carries it, so a file that escaped the organization's folder can be found. */
    private static final String MARK = "fzmark";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final List<String> CSV_PIECES = List.of("\"", "\"\"", ",", "\n", "\r", "\r\n", "\u0000", "\u0001",
            "\uFFFE", "\uD800", "x".repeat(70_000), ",,,,,,,,,,,,,,,,,,,,", "=cmd|' /C calc'!A0", "é", "😀", "\t",
            "not-an-email", "@", "31/02/2026", "1e999", "-", "NULL", "\\N", "'; DROP TABLE contact_list; --");

    private static final List<String> PATHS = List.of("..", "../..", "../../..", "/../../etc/passwd", "upload/../../" + MARK,
            "..\\..\\" + MARK, "%2e%2e/%2e%2e/" + MARK, "upload/%00" + MARK, "/etc/passwd", "~root/" + MARK,
            "upload/" + "d".repeat(300) + MARK, "download/../../../" + MARK, "//" + MARK, "upload/./././../.." + "/" + MARK,
            "contacts/import/on/" + MARK, "contacts/import/ok/../../../../" + MARK, "upload/" + MARK + "\u0001",
            "upload/" + MARK + "\n", "upload/" + MARK + " ", "upload/" + MARK + ".csv");

    private static final List<String> FTP_COMMANDS = List.of("CWD", "MKD", "RMD", "DELE", "RNFR", "SIZE", "MDTM", "STAT",
            "NLST", "LIST", "MLST", "SITE", "XCWD", "CDUP", "APPE", "STOR", "RETR", "REST", "OPTS", "HELP", "FEAT");

    private final FileTransferFixture fixture;

    HostileFilesFuzzIT(FileTransferFixture fixture) {
        this.fixture = fixture;
    }

    @Test
    void mutatedMappingFilesAndSourcesEndInACleanFaultOrAFinishedJob() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        ImportSteps acme = ImportSteps.acme();
        MappingXml base = MappingXml.create(ImportSteps.unique("Fuzzed")).key("EMAIL", 9).column("Name", 0)
                .column("Born", 3).map("EMAIL", "Name", "Born");
        long listId = acme.createDatabase(base, "EMAIL,Name,Born\nann@example.com,Ann,01/02/1990\n");
        List<String> mappings = List.of(base.xml().replace("Fuzzed", "Fz" + MARK),
                MappingXml.into("ADD_AND_UPDATE", listId).key("EMAIL", 9).column("Name", 0).column("Born", 3)
                        .map("EMAIL", "Name", "Born").xml());
        String source = "EMAIL,Name,Born\nbob@example.com,Bob,03/04/1985\ncarl@example.com,\"Carl, Jr\",\n";

        for (int i = 0; i < IMPORTS; i++) {
            String mapping = Hostile.mutate(random, Hostile.pick(random, mappings), Hostile.PIECES);
            String rows = random.nextInt(4) == 0 ? source : Hostile.mutate(random, source, CSV_PIECES);
            String what = "seed " + seed + ", import " + i + ": " + Hostile.abbreviated(mapping) + " / " + Hostile.abbreviated(rows);

            XmlApiClient.Reply reply = acme.submit(mapping, rows);

            assertNull(Hostile.leakIn(reply.body()), "a leak in the answer to " + what + "\n" + reply.body());
            if (!"TRUE".equalsIgnoreCase(reply.success())) {
                assertFalse(reply.errorId().equals("99"), "an unexpected failure for " + what + "\n" + reply.body());
                continue;
            }
            ImportSteps.Job job = acme.awaitJob(Long.parseLong(reply.xpath("/Envelope/Body/RESULT/JOB_ID")));
            assertTrue(Set.of("COMPLETE", "ERROR").contains(job.status()), job.status() + " for " + what);
            assertNull(Hostile.leakIn(job.description()), "a leak in the job's description for " + what + ": " + job.description());
            String errors = acme.download(job.id() + ".err");
            if (errors != null) {
                assertNull(Hostile.leakIn(errors), "a leak in the .err file for " + what + "\n" + errors);
            }
        }

        XmlApiClient.Reply lists = acme.call("<GetLists><VISIBILITY>0</VISIBILITY><LIST_TYPE>0</LIST_TYPE></GetLists>");
        assertEquals("TRUE", lists.success(), "seed " + seed + ": " + lists.body());
        assertTrue(lists.body().contains("<ID>" + listId + "</ID>"), "seed " + seed + ": " + lists.body());
    }

    @Test
    void ftpCommandsWithHostilePathsAreAnsweredAndStayInTheOrganizationsFolder() throws IOException {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        Account acme = fixture.orgA();
        Set<String> othersBefore = everythingOutside(fixture.root(acme));

        FTPClient ftp = ftpLogin(acme);
        try {
            for (int i = 0; i < COMMANDS; i++) {
                String command = Hostile.pick(random, FTP_COMMANDS);
                String path = random.nextBoolean() ? Hostile.pick(random, PATHS) : Hostile.mutate(random, "upload/" + MARK, PATHS);
                String what = "seed " + seed + ", FTP " + i + ": " + command + " " + Hostile.abbreviated(path);
                String reply;
                if (!ftp.isConnected()) {
                    ftp = ftpLogin(acme);
                }
                if (command.equals("STOR") || command.equals("APPE")) {
                    ftp.storeFile(path.replace("\n", ""), new ByteArrayInputStream((MARK + "\n").getBytes(StandardCharsets.UTF_8)));
                    reply = ftp.getReplyString();
                } else if (command.equals("RETR")) {
                    ByteArrayOutputStream content = new ByteArrayOutputStream();
                    ftp.retrieveFile(path.replace("\n", ""), content);
                    assertFalse(content.toString(StandardCharsets.UTF_8).contains("root:"), "a system file read by " + what);
                    reply = ftp.getReplyString();
                } else {
                    ftp.sendCommand(command, path.replace("\r", "").replace("\n", ""));
                    reply = ftp.getReplyString();
                }
                assertTrue(reply != null && reply.matches("(?s)[1-5][0-9][0-9].*"), "no FTP reply to " + what + ": " + reply);
                assertNull(Hostile.leakIn(reply), "a leak in the reply to " + what + ": " + reply);
                if (!ftp.sendNoOp()) {
                    // the server may close a connection it found hostile; a new one must be served at once
                    ftp.disconnect();
                }
            }
        } finally {
            if (ftp.isConnected()) {
                ftp.disconnect();
            }
        }

        assertEquals(othersBefore, everythingOutside(fixture.root(acme)), "seed " + seed + ": a file changed outside the root");
        assertTrue(ftpLogin(acme).sendNoOp(), "seed " + seed + ": FTP still serves");
    }

    @Test
    void sftpRequestsWithHostilePathsFailCleanlyAndStayInTheOrganizationsFolder() throws IOException {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        Account acme = fixture.orgA();
        Set<String> othersBefore = everythingOutside(fixture.root(acme));

        try (SshClient ssh = SshClient.setUpDefaultClient()) {
            ssh.setServerKeyVerifier((session, address, key) -> true);
            ssh.start();
            try (ClientSession session = ssh.connect(acme.username(), fixture.host(), fixture.sftpPort()).verify(TIMEOUT).getSession()) {
                session.addPasswordIdentity(acme.password());
                session.auth().verify(TIMEOUT);
                try (SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
                    for (int i = 0; i < COMMANDS; i++) {
                        String path = random.nextBoolean() ? Hostile.pick(random, PATHS) : Hostile.mutate(random, "upload/" + MARK, PATHS);
                        int request = random.nextInt(8);
                        String what = "seed " + seed + ", SFTP " + i + ": request " + request + " " + Hostile.abbreviated(path);
                        try {
                            sftpRequest(sftp, request, path);
                        } catch (IOException refused) {
                            String message = String.valueOf(refused.getMessage());
                            assertNull(Hostile.leakIn(message.replace("SftpException", "")), "a leak for " + what + ": " + message);
                        }
                    }
                    assertEquals("/", sftp.canonicalPath("."), "seed " + seed + ": the session still serves");
                }
            }
        }

        assertEquals(othersBefore, everythingOutside(fixture.root(acme)), "seed " + seed + ": a file changed outside the root");
    }

    private static void sftpRequest(SftpClient sftp, int request, String path) throws IOException {
        switch (request) {
            case 0 -> {
                try (OutputStream out = sftp.write(path)) {
                    out.write((MARK + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            case 1 -> {
                try (InputStream in = sftp.read(path)) {
                    if (new String(in.readNBytes(4096), StandardCharsets.UTF_8).contains("root:")) {
                        fail("a system file read at " + path);
                    }
                }
            }
            case 2 -> sftp.mkdir(path);
            case 3 -> sftp.rename("upload/" + MARK + "-missing", path);
            case 4 -> sftp.remove(path);
            case 5 -> sftp.stat(path);
            case 6 -> {
                try {
                    sftp.readDir(path).forEach(entry -> { });
                } catch (UncheckedIOException lazy) {
                    // the listing is read as it is iterated
                    throw lazy.getCause();
                }
            }
            default -> sftp.symLink(path, "upload/" + MARK + "-link");
        }
    }

    private FTPClient ftpLogin(Account account) throws IOException {
        FTPClient ftp = new FTPClient();
        ftp.setConnectTimeout((int) TIMEOUT.toMillis());
        ftp.setDefaultTimeout((int) TIMEOUT.toMillis());
        ftp.connect(fixture.host(), fixture.ftpPort());
        ftp.setSoTimeout((int) TIMEOUT.toMillis());
        ftp.setDataTimeout(TIMEOUT);
        assertTrue(ftp.login(account.username(), account.password()), ftp.getReplyString());
        ftp.enterLocalPassiveMode();
        ftp.setFileType(FTP.BINARY_FILE_TYPE);
        return ftp;
    }

    /**
     * Every path, size and time under the data directory's parent (the server's home), apart from the
     * organization's own folder, the database's files and the logs: what a hostile path must not touch.
     */
    private static Set<String> everythingOutside(Path root) throws IOException {
        Path home = root.getParent().getParent();
        Set<String> found = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(home)) {
            walk.filter(path -> !path.startsWith(root))
                    .filter(path -> home.relativize(path).toString().contains(MARK)
                            || path.startsWith(root.getParent()) && Files.isRegularFile(path))
                    .forEach(path -> found.add(home.relativize(path) + " " + sizeOf(path)));
        }
        return found;
    }

    private static long sizeOf(Path path) {
        try {
            return Files.isRegularFile(path) ? Files.size(path) : -1;
        } catch (IOException gone) {
            return -2;
        }
    }
}
