package io.listgate;

import static io.listgate.support.TestUsers.*;
import static io.listgate.support.XmlApiClient.LOGOUT;
import static org.junit.jupiter.api.Assertions.*;

import io.listgate.config.ConfigurationException;
import io.listgate.config.ListGateConfig;
import io.listgate.db.EmbeddedMariaDb;
import io.listgate.support.TestServer;
import io.listgate.support.XmlApiClient;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Servers of their own: restart on the same home, a second server on a locked home, an external MariaDB. */
class ServerLifecycleIT {

    @Test
    void restartKeepsUsersSessionsAndTheirInvalidation() {
        Path home = TestServer.newHome("restart");
        ListGateConfig config = TestServer.config(home);
        String loggedOut;
        String kept;
        try (Server first = Server.create(config).start()) {
            XmlApiClient api = new XmlApiClient(first.httpPort());
            loggedOut = api.loginSession(ACME_USER, ACME_PASSWORD);
            kept = api.loginSession(ACME_USER, ACME_PASSWORD);
            assertEquals("TRUE", api.form(LOGOUT, loggedOut).success());
        }

        try (Server second = Server.create(config).start()) {
            XmlApiClient api = new XmlApiClient(second.httpPort());
            assertEquals("145", api.form(LOGOUT, loggedOut).errorId());
            assertEquals("TRUE", api.form(LOGOUT, kept).success());
            assertFalse(api.loginSession(GLOBEX_USER, GLOBEX_PASSWORD).isEmpty());
        }
    }

    @Test
    void serversShareOneUnpackedCopyOfTheMariaDbBinariesAndOldHomesLoseTheirOwn() throws Exception {
        // given a home from before the shared cache, with binaries of its own
        Path home = TestServer.newHome("own-binaries");
        Path ownBinaries = Files.createDirectories(home.resolve("mariadb").resolve("base").resolve("bin"));
        Files.writeString(ownBinaries.resolve("mariadbd"), "350 MB of it");
        Path other = TestServer.newHome("shared-binaries");

        // when
        try (Server first = Server.create(TestServer.config(home)).start();
             Server second = Server.create(TestServer.config(other)).start()) {

            // then
            assertFalse(Files.exists(home.resolve("mariadb").resolve("base")), "the home's own copy is removed");
            assertFalse(Files.exists(other.resolve("mariadb").resolve("base")), "a new home never gets one");
            try (var versions = Files.list(TestServer.EMBEDDED_DB_CACHE)) {
                Path unpacked = versions.filter(Files::isDirectory).findFirst().orElseThrow();
                assertTrue(unpacked.getFileName().toString().startsWith("mariadb-"), unpacked.toString());
                assertTrue(Files.exists(unpacked.resolve(".unpacked")));
                assertTrue(Files.isExecutable(unpacked.resolve("bin").resolve("mariadbd")));
            }
            assertEquals(200, new XmlApiClient(second.httpPort()).get("/health").status());
        }
    }

    @Test
    void aTakenPortIsRefusedBeforeAnythingStarts() throws Exception {
        // given a program on the HTTP port
        Path home = TestServer.newHome("taken-port");
        try (ServerSocket other = new ServerSocket(0)) {
            ListGateConfig config = TestServer.config(home).toBuilder().httpPort(other.getLocalPort()).build();

            // when
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> Server.create(config).start());

            // then
            assertTrue(e.getMessage().contains("Set LISTGATE_HTTP_PORT"), e.getMessage());
            assertFalse(Files.exists(home.resolve("mariadb")), "MariaDB was not started");
        }
    }

    @Test
    void aSecondServerOnTheSameHomeRefusesToStartWithAClearMessage() {
        ListGateConfig config = TestServer.config(TestServer.newHome("locked"));
        try (Server first = Server.create(config).start()) {
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> Server.create(config).start());
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            assertEquals(200, new XmlApiClient(first.httpPort()).get("/health").status());
        }
    }

    @Test
    void externalMariaDbGetsTheSchemaThroughTheSameMigrations() {
        Path dbDir = TestServer.newHome("external-db");
        try (EmbeddedMariaDb external = EmbeddedMariaDb.start(dbDir, TestServer.EMBEDDED_DB_CACHE, 0)) {
            String url = external.createSchema("listgate_external");
            Path home = TestServer.newHome("external-server");
            ListGateConfig config = TestServer.config(home)
                    .withExternalDb(new ListGateConfig.ExternalDatabase(url, "root", "any-password"));

            try (Server server = Server.create(config).start()) {
                XmlApiClient api = new XmlApiClient(server.httpPort());
                assertFalse(api.loginSession(ACME_USER, ACME_PASSWORD).isEmpty());
                assertEquals(200, api.get("/health").status());
                assertFalse(Files.exists(home.resolve("mariadb")), "no embedded MariaDB may be started");
            }
        }
    }
}
