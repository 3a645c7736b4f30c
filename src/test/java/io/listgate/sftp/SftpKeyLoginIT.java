package io.listgate.sftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.listgate.ftp.Eventually;
import io.listgate.ftp.FileTransferFixture;
import io.listgate.ftp.FileTransferFixture.Account;
import io.listgate.notify.LogCapture;
import io.listgate.support.OpenSsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** OpenSSH's own {@code sftp}, signing in with a key of the users file's {@code ssh_keys} (issue 13, item 18). */
@ExtendWith(FileTransferFixture.Extension.class)
class SftpKeyLoginIT {

    private final FileTransferFixture fixture;
    private final Account alice;

    SftpKeyLoginIT(FileTransferFixture fixture) {
        this.fixture = fixture;
        this.alice = fixture.orgA();
    }

    @Test
    void aRegisteredKeySignsInAndAReadOnlyLocalFileArrivesWithTheServersModes(@TempDir Path temp) throws Exception {
        // given: a read-only local file; OpenSSH's put sends its mode 0444 with the open
        String name = FileTransferFixture.unique("readonly.csv");
        Path local = Files.writeString(temp.resolve(name), "email\nann@example.com\n");
        Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("r--r--r--"));

        // when: put, then a chmod and chown that must be accepted but not applied
        OpenSsh.Result result = OpenSsh.sftp(alice.username(), fixture.host(), fixture.sftpPort(), fixture.orgASshKey(),
                "cd upload\nput " + local + " " + name + "\nchmod 400 " + name + "\nls -l\n");

        // then
        assertEquals(0, result.exitCode(), result.output());
        Path uploaded = fixture.upload(alice).resolve(name);
        Eventually.awaitContent(uploaded, "email\nann@example.com\n");
        Set<PosixFilePermission> modes = Files.getPosixFilePermissions(uploaded);
        assertTrue(modes.containsAll(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)),
                "modes of the upload: " + PosixFilePermissions.toString(modes));
        String listed = result.output().lines().filter(l -> l.startsWith("-") && l.endsWith(name)).findFirst().orElse("");
        assertTrue(listed.startsWith("-rw"), "ls -l shows the server's modes: " + result.output());
        assertTrue(listed.contains(" " + alice.username() + " " + alice.organization() + " "),
                "ls -l names the user and its organization: " + listed);
        assertFalse(listed.contains(" " + System.getProperty("user.name") + " "), "ls -l hides the OS user: " + listed);
    }

    @Test
    void anUnregisteredKeyIsRefusedWithALogLineAndNoStackTrace(@TempDir Path temp) throws Exception {
        // given
        Path stranger = temp.resolve("stranger");
        OpenSsh.generateKey(stranger, "ed25519");

        // when
        OpenSsh.Result result;
        try (LogCapture log = new LogCapture(OrganizationKeyAuthenticator.class)) {
            result = OpenSsh.sftp(alice.username(), fixture.host(), fixture.sftpPort(), stranger, "ls\n");

            // then
            assertNotEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("Permission denied"), result.output());
            assertTrue(log.has("SFTP key login refused for user " + alice.username()), log.lines().toString());
        }
    }

    @Test
    void theRegisteredKeyOfOneUserDoesNotSignInAnother() {
        // given / when: acme's key offered for globex's user
        OpenSsh.Result result = OpenSsh.sftp(fixture.orgB().username(), fixture.host(), fixture.sftpPort(),
                fixture.orgASshKey(), "ls\n");

        // then
        assertNotEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("Permission denied"), result.output());
    }
}
