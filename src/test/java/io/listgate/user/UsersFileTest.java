package io.listgate.user;

import static org.junit.jupiter.api.Assertions.*;

import io.listgate.config.ConfigurationException;
import io.listgate.support.OpenSsh;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UsersFileTest {

    @TempDir
    Path dir;

    private UsersFile read(String yaml) throws Exception {
        return UsersFile.read(Files.writeString(dir.resolve("users.yaml"), yaml));
    }

    @Test
    void plainAndHashedPasswordsAreRead() throws Exception {
        String hash = new PasswordHasher().hash("x");
        UsersFile file = read("""
                organizations:
                  - name: acme
                    users:
                      - username: a@acme.test
                        password: "Acme-Secret-1"
                      - username: b@acme.test
                        password_hash: "%s"
                """.formatted(hash));

        assertEquals(2, file.organizations().get(0).users().size());
        assertEquals(hash, file.organizations().get(0).users().get(1).passwordHash());
    }

    @Test
    void aSystemAdministratorIsMarkedByItsRoleAndAnyOtherRoleIsRefused() throws Exception {
        UsersFile file = read("""
                organizations:
                  - name: ops
                    users:
                      - username: root@ops.test
                        password: "Ops-Secret-1"
                        role: system_administrator
                      - username: plain@ops.test
                        password: "Ops-Secret-2"
                """);
        ConfigurationException wrong = assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: ops
                    users:
                      - username: root@ops.test
                        password: "Ops-Secret-1"
                        role: admin
                """));

        assertTrue(file.organizations().get(0).users().get(0).isSystemAdministrator());
        assertFalse(file.organizations().get(0).users().get(1).isSystemAdministrator());
        assertTrue(wrong.getMessage().contains("role of root@ops.test must be system_administrator"), wrong.getMessage());
    }

    @Test
    void aUserWithBothOrNeitherPasswordFormIsRefused() {
        assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: acme
                    users:
                      - username: a@acme.test
                """));
    }

    @Test
    void aHashThatIsNotBcryptIsRefused() {
        assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: acme
                    users:
                      - username: a@acme.test
                        password_hash: "5f4dcc3b5aa765d61d8327deb882cf99"
                """));
    }

    @Test
    void anOrganizationNameThatIsNotAFolderNameIsRefused() {
        assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: "../etc"
                    users: []
                """));
    }

    @Test
    void scheduledExportsAreReadWithTheirTimeAndZoneAndUtcByDefault() throws Exception {
        UsersFile file = read("""
                organizations:
                  - name: acme
                    scheduled_exports:
                      - list: "Newsletter"
                        at: "02:30"
                        zone: "Europe/Paris"
                      - list: "12"
                        at: "6:05:30"
                """);
        List<UsersFile.ScheduledExportEntry> exports = file.organizations().get(0).scheduledExportsOrEmpty();
        assertEquals(LocalTime.of(2, 30), exports.get(0).time());
        assertEquals(ZoneId.of("Europe/Paris"), exports.get(0).zoneId());
        assertEquals(LocalTime.of(6, 5, 30), exports.get(1).time());
        assertEquals(ZoneOffset.UTC, exports.get(1).zoneId());
    }

    @Test
    void aScheduledExportWithABadTimeZoneOrListOrTwiceTheSameListIsRefusedNamingWhatIsWrong() {
        String template = """
                organizations:
                  - name: acme
                    scheduled_exports:
                      - list: "Newsletter"
                        at: "%s"
                        zone: "%s"
                      - list: "%s"
                        at: "03:00"
                """;
        ConfigurationException time = assertThrows(ConfigurationException.class,
                () -> read(template.formatted("25:00", "UTC", "Other")));
        assertTrue(time.getMessage().contains("at '25:00' is not a time of day"), time.getMessage());
        ConfigurationException zone = assertThrows(ConfigurationException.class,
                () -> read(template.formatted("02:00", "Mars/Olympus", "Other")));
        assertTrue(zone.getMessage().contains("zone 'Mars/Olympus'"), zone.getMessage());
        ConfigurationException twice = assertThrows(ConfigurationException.class,
                () -> read(template.formatted("02:00", "UTC", "Newsletter")));
        assertTrue(twice.getMessage().contains("appears twice"), twice.getMessage());
    }

    @Test
    void aTypoInAKeyIsRefusedRatherThanIgnored() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: acme
                    users:
                      - username: a@acme.test
                        pasword: "x"
                """));
        assertTrue(e.getMessage().contains("pasword"), e.getMessage());
    }

    @Test
    void theSameUsernameTwiceIsRefused() {
        assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: acme
                    users:
                      - username: a@acme.test
                        password: "x"
                  - name: globex
                    users:
                      - username: a@acme.test
                        password: "y"
                """));
    }

    @Test
    void anOrganizationsWebhooksAreRead() throws Exception {
        UsersFile file = read("""
                organizations:
                  - name: acme
                    users:
                      - username: a@acme.test
                        password: "x"
                    webhooks:
                      - url: "https://hooks.acme.example/listgate"
                        secret: "0123456789abcdef"
                """);

        UsersFile.WebhookEntry hook = file.organizations().get(0).webhooksOrEmpty().get(0);
        assertEquals("https://hooks.acme.example/listgate", hook.url());
        assertFalse(hook.toString().contains("0123456789abcdef"), "the secret stays out of logs");
    }

    @Test
    void aWebhookWithoutAnHttpUrlOrWithAShortSecretIsRefused() {
        assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: acme
                    webhooks:
                      - url: "ftp://hooks.acme.example/"
                        secret: "0123456789abcdef"
                """));
        assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: acme
                    webhooks:
                      - url: "https://hooks.acme.example/"
                        secret: "short"
                """));
        assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: acme
                    webhooks:
                      - url: "https://hooks.acme.example/"
                        secret: "0123456789abcdef"
                        method: PUT
                """));
    }

    @Test
    void sshKeysOfEveryCommonTypeAreReadAndABadLineIsRefusedWithItsUserAndLine() throws Exception {
        String ed25519 = OpenSsh.generateKey(dir.resolve("ed"), "ed25519");
        String ecdsa = OpenSsh.generateKey(dir.resolve("ec"), "ecdsa");
        String rsa = OpenSsh.generateKey(dir.resolve("rsa"), "rsa");
        UsersFile file = read("""
                organizations:
                  - name: acme
                    users:
                      - username: a@acme.test
                        password: "Acme-Secret-1"
                        ssh_keys:
                          - "%s"
                          - "%s"
                          - "%s"
                """.formatted(ed25519, ecdsa, rsa));
        ConfigurationException bad = assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: acme
                    users:
                      - username: a@acme.test
                        password: "Acme-Secret-1"
                        ssh_keys:
                          - "%s"
                          - "ssh-ed25519 AAAAnot-base64 broken"
                """.formatted(ed25519)));

        ConfigurationException optioned = assertThrows(ConfigurationException.class, () -> read("""
                organizations:
                  - name: acme
                    users:
                      - username: a@acme.test
                        password: "Acme-Secret-1"
                        ssh_keys:
                          - 'from="10.0.0.1" %s'
                """.formatted(ed25519)));

        assertEquals(3, file.sshKeysByUser().get("a@acme.test").size());
        assertTrue(optioned.getMessage().contains("line 7: ssh_keys of user a@acme.test"), optioned.getMessage());
        assertTrue(optioned.getMessage().contains("not supported"), optioned.getMessage());
        assertTrue(bad.getMessage().contains("line 8: ssh_keys of user a@acme.test"), bad.getMessage());
    }
}
