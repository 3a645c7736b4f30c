package io.listgate.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.listgate.config.ListGateConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.ibatis.logging.LogFactory;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.session.SqlSessionManager;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one MariaDB of this server: embedded or external, one connection pool shared by MyBatis and
 * Quartz, schema brought up to date from {@code sql/} at start.
 */
public final class Database implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    static final String EMBEDDED_SCHEMA = "listgate";

    private final EmbeddedMariaDb embedded;
    private final HikariDataSource pool;
    private final SqlSessionManager sql;

    private Database(EmbeddedMariaDb embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
        LogFactory.useSlf4jLogging();
        Configuration mybatis = new Configuration(new Environment("listgate", new JdbcTransactionFactory(), pool));
        mybatis.setMapUnderscoreToCamelCase(true);
        mybatis.setCacheEnabled(false);
        this.sql = SqlSessionManager.newInstance(new SqlSessionFactoryBuilder().build(mybatis));
    }

    /** Starts the embedded MariaDB unless an external one is configured, then migrates. */
    public static Database open(ListGateConfig config) {
        EmbeddedMariaDb embedded = null;
        HikariConfig hikari = new HikariConfig();
        if (config.externalDb().isPresent()) {
            ListGateConfig.ExternalDatabase external = config.externalDb().get();
            hikari.setJdbcUrl(external.url());
            hikari.setUsername(external.user());
            hikari.setPassword(external.password());
            LOG.info("Using external MariaDB at {}", external.url());
        } else {
            embedded = EmbeddedMariaDb.start(config.home().resolve("mariadb"), config.embeddedDbCache(),
                    config.embeddedDbPort());
            hikari.setJdbcUrl(embedded.createSchema(EMBEDDED_SCHEMA));
            hikari.setUsername("root");
        }
        hikari.setPoolName("listgate");
        // Imports add contacts with LOAD DATA LOCAL from an in-memory buffer (never a file).
        hikari.addDataSourceProperty("allowLocalInfile", "true");
        // Quartz threads, its cluster manager and the import workers all draw from this one pool.
        hikari.setMaximumPoolSize(config.importWorkers() * 2 + 12);
        hikari.setMinimumIdle(2);
        hikari.setConnectionTimeout(10_000);
        try {
            HikariDataSource pool = new HikariDataSource(hikari);
            migrate(pool);
            return new Database(embedded, pool);
        } catch (RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e instanceof DatabaseException ? e : new DatabaseException("cannot open the database: " + e.getMessage(), e);
        }
    }

    private static void migrate(DataSource dataSource) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
        var result = flyway.migrate();
        // the result names a version only when this start applied migrations; the schema's own is in info()
        MigrationInfo current = flyway.info().current();
        LOG.info("Database schema at version {} ({} migrations applied now)",
                current == null ? "none" : current.getVersion(), result.migrationsExecuted);
    }

    public DataSource dataSource() {
        return pool;
    }

    /** A MyBatis mapper proxy; each call runs in its own transaction unless inside {@link #inTransaction}. */
    public synchronized <T> T mapper(Class<T> type) {
        if (!sql.getConfiguration().hasMapper(type)) {
            sql.getConfiguration().addMapper(type);
        }
        return sql.getMapper(type);
    }

    /** Runs {@code work} in one transaction for every mapper call made on this thread meanwhile. */
    public <T> T inTransaction(Supplier<T> work) {
        if (sql.isManagedSessionStarted()) {
            return work.get();
        }
        sql.startManagedSession();
        try {
            T result = work.get();
            sql.commit();
            return result;
        } catch (RuntimeException e) {
            sql.rollback();
            throw e;
        } finally {
            sql.close();
        }
    }

    /** The JDBC connection of the current {@link #inTransaction} block, for SQL MyBatis cannot express. */
    public Connection transactionConnection() {
        if (!sql.isManagedSessionStarted()) {
            throw new IllegalStateException("not inside inTransaction");
        }
        return sql.getConnection();
    }

    /** True when a connection can be had and answers. */
    public boolean isUp() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
