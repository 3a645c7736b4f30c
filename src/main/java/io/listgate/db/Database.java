package io.listgate.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.listgate.config.ListGateConfig;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.ibatis.logging.LogFactory;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionManager;
import org.apache.ibatis.session.defaults.DefaultSqlSessionFactory;
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
    private final Retries retries = Retries.DEFAULT;

    private Database(EmbeddedMariaDb embedded, HikariDataSource pool) {
        this.embedded = embedded;
        this.pool = pool;
        LogFactory.useSlf4jLogging();
        Configuration mybatis = new Configuration(new Environment("listgate", new JdbcTransactionFactory(), pool));
        mybatis.setMapUnderscoreToCamelCase(true);
        mybatis.setCacheEnabled(false);
        this.sql = SqlSessionManager.newInstance(new SingleStatementsAutoCommit(mybatis));
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

    /**
     * A mapper call outside {@link #inTransaction} is one statement, so it runs in autocommit: MyBatis's
     * default would switch the pooled connection's autocommit off before and on after it, two more
     * round trips to the database on every read of the API's hot path.
     */
    private static final class SingleStatementsAutoCommit extends DefaultSqlSessionFactory {
        SingleStatementsAutoCommit(Configuration configuration) {
            super(configuration);
        }

        @Override
        public SqlSession openSession() {
            return openSession(true);
        }
    }

    public DataSource dataSource() {
        return pool;
    }

    /**
     * A MyBatis mapper proxy; outside {@link #inTransaction} each call is one autocommitted statement,
     * retried like {@link #inTransaction}'s; inside, it joins the transaction.
     */
    public synchronized <T> T mapper(Class<T> type) {
        if (!sql.getConfiguration().hasMapper(type)) {
            sql.getConfiguration().addMapper(type);
        }
        T mapper = sql.getMapper(type);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class || sql.isManagedSessionStarted()) {
                return invoke(mapper, method, args);
            }
            // one statement in autocommit (SingleStatementsAutoCommit), retried like a transaction
            return retries.run("a database call", () -> invoke(mapper, method, args));
        }));
    }

    private static Object invoke(Object target, Method method, Object[] args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code work} in one transaction for every mapper call made on this thread meanwhile. A
     * transient failure (see {@link Retries}) rolls it back and runs it again, a few times: the work
     * must not have effects outside the database, or they must bear repeating. Nested blocks join
     * the outer one, which alone retries.
     */
    public <T> T inTransaction(Supplier<T> work) {
        if (sql.isManagedSessionStarted()) {
            return work.get();
        }
        return retries.run("a database transaction", () -> once(work));
    }

    /** Runs {@code work}, which uses connections of its own, with the retries of {@link #inTransaction}. */
    public <T> T retrying(String what, Supplier<T> work) {
        return retries.run(what, work);
    }

    private <T> T once(Supplier<T> work) {
        sql.startManagedSession(false);
        try {
            T result = work.get();
            // forced: MyBatis commits and rolls back only after its own updates, and the JDBC statements
            // run on transactionConnection() are not; a skipped rollback would be committed when
            // closing the session turns autocommit back on
            sql.commit(true);
            return result;
        } catch (RuntimeException e) {
            try {
                sql.rollback(true);
            } catch (RuntimeException lost) {
                // the connection is gone; so is its transaction
                e.addSuppressed(lost);
            }
            throw e;
        } finally {
            sql.close();
        }
    }

    /** Whether this thread is inside an {@link #inTransaction} block. */
    public boolean isInTransaction() {
        return sql.isManagedSessionStarted();
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
