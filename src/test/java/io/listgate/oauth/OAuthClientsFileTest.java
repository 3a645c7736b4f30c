package io.listgate.oauth;

import static org.junit.jupiter.api.Assertions.*;

import io.listgate.config.ConfigurationException;
import io.listgate.user.UsersFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OAuthClientsFileTest {

    private static final String SECRET = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private UsersFile read(String clients) throws Exception {
        return UsersFile.read(Files.writeString(dir.resolve("users.yaml"), """
                organizations:
                  - name: acme
                    users:
                      - username: a@acme.test
                        password: "Acme-Secret-1"
                    oauth_clients:
                %s
                  - name: globex
                    users:
                      - username: b@globex.test
                        password: "Globex-Secret-2"
                """.formatted(clients.indent(6).stripTrailing())));
    }

    @Test
    void aClientWithPlainSecretsIsRead() throws Exception {
        UsersFile file = read("""
                - client_id: app
                  client_secret: "%s"
                  refresh_token: "%s"
                  username: a@acme.test
                """.formatted(SECRET, SECRET));

        UsersFile.OAuthClientEntry client = file.organizations().get(0).oauthClientsOrEmpty().get(0);
        assertEquals("app", client.clientId());
        assertFalse(client.toString().contains(SECRET), "secrets must not be printable");
    }

    @Test
    void aClientWithSha256HashesIsRead() throws Exception {
        UsersFile file = read("""
                - client_id: app
                  client_secret_hash: "%s"
                  refresh_token_hash: "%s"
                  username: a@acme.test
                """.formatted(Sha256.hex(SECRET), Sha256.hex(SECRET)));

        assertEquals(Sha256.hex(SECRET), file.organizations().get(0).oauthClientsOrEmpty().get(0).clientSecretHash());
    }

    @Test
    void aShortPlainSecretIsRefusedBecauseSha256SuitsOnlyHighEntropySecrets() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read("""
                - client_id: app
                  client_secret: "short"
                  refresh_token: "%s"
                  username: a@acme.test
                """.formatted(SECRET)));
        assertTrue(e.getMessage().contains("client_secret must be at least 32"), e.getMessage());
    }

    @Test
    void aClientActingAsAUserOfAnotherOrganizationIsRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> read("""
                - client_id: app
                  client_secret: "%s"
                  refresh_token: "%s"
                  username: b@globex.test
                """.formatted(SECRET, SECRET)));
        assertTrue(e.getMessage().contains("same organization"), e.getMessage());
    }

    @Test
    void aClientWithBothOrNeitherRefreshTokenFormIsRefused() {
        assertThrows(ConfigurationException.class, () -> read("""
                - client_id: app
                  client_secret: "%s"
                  username: a@acme.test
                """.formatted(SECRET)));
        assertThrows(ConfigurationException.class, () -> read("""
                - client_id: app
                  client_secret: "%s"
                  refresh_token: "%s"
                  refresh_token_hash: "%s"
                  username: a@acme.test
                """.formatted(SECRET, SECRET, Sha256.hex(SECRET))));
    }

    @Test
    void anUnknownKeyInAClientIsRefused() {
        assertThrows(ConfigurationException.class, () -> read("""
                - client_id: app
                  client_secret: "%s"
                  refresh_token: "%s"
                  username: a@acme.test
                  scope: all
                """.formatted(SECRET, SECRET)));
    }
}
