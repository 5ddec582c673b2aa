package io.cellota.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one database: a HikariCP pool over H2 or PostgreSQL, migrated by Flyway when opened, and
 * the transaction helper every store uses, so no store writes JDBC boilerplate of its own.
 *
 * <p>Migrations live in {@value #MIGRATIONS} and are named {@code V<n>__<feature>.sql}: {@code n} is the
 * next free integer (V1 is the firmware repository), one feature per file, plain SQL that runs unchanged on
 * H2 in PostgreSQL mode and on PostgreSQL (TEXT/VARCHAR, BIGINT, BOOLEAN, TIMESTAMP WITH TIME ZONE). A
 * migration that has shipped is never edited: Flyway refuses to start when an applied file's checksum
 * changes. Change the schema by adding the next version.
 *
 * <pre>{@code
 * try (Database db = Database.open(DatabaseConfig.embedded(dataDir))) {
 *     long n = db.inTransaction(sql -> sql.queryLong("SELECT COUNT(*) FROM firmware_package"));
 * }
 * }</pre>
 */
public final class Database implements AutoCloseable {

    /** Where Flyway finds the migrations. */
    public static final String MIGRATIONS = "classpath:db/migration";

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    private final HikariDataSource pool;
    private final String product;

    private Database(HikariDataSource pool, String product) {
        this.pool = pool;
        this.product = product;
    }

    /**
     * Connects, applies the pending migrations and returns the ready database.
     *
     * @throws StoreException when the database cannot be reached or a migration fails
     */
    public static Database open(DatabaseConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("cellota-db");
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setMinimumIdle(Math.min(2, config.poolSize()));
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to " + printable(config.jdbcUrl()), e);
        }
        try {
            String product = productName(pool);
            MigrateResult result = migrate(pool);
            LOG.info("Database {} at {}: schema version {} ({} migration(s) applied now)", product,
                    printable(config.jdbcUrl()),
                    result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion,
                    result.migrationsExecuted);
            return new Database(pool, product);
        } catch (RuntimeException e) {
            pool.close();
            throw e instanceof StoreException s ? s
                    : new StoreException("cannot migrate " + printable(config.jdbcUrl()), e);
        }
    }

    /** The URL without its query, where a PostgreSQL URL may carry a password. */
    private static String printable(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?…";
    }

    private static String productName(DataSource source) {
        try (Connection c = source.getConnection()) {
            return c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            throw new StoreException("cannot connect", e);
        }
    }

    private static MigrateResult migrate(DataSource source) {
        try {
            return Flyway.configure()
                    .dataSource(source)
                    .locations(MIGRATIONS)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("migration failed", e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws anything.
     * A {@link SQLException} becomes a {@link StoreException}; the work's own exception {@code X} passes
     * through unchanged, after the rollback.
     */
    public <T, X extends Exception> T inTransaction(Work<T, X> work) throws X {
        // HikariCP restores auto-commit when the connection goes back to the pool
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(new Sql(connection));
                connection.commit();
                return result;
            } catch (Throwable e) {
                rollback(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("database operation failed", e);
        }
    }

    /** {@link Sql#query} in a transaction of its own. */
    public <T> List<T> query(String query, RowMapper<T> mapper, Object... params) {
        return inTransaction(sql -> sql.query(query, mapper, params));
    }

    /** {@link Sql#queryOne} in a transaction of its own. */
    public <T> Optional<T> queryOne(String query, RowMapper<T> mapper, Object... params) {
        return inTransaction(sql -> sql.queryOne(query, mapper, params));
    }

    /** {@link Sql#update} in a transaction of its own. */
    public int update(String statement, Object... params) {
        return inTransaction(sql -> sql.update(statement, params));
    }

    /** The database product and version, e.g. {@code H2 2.5.252 (2026-…)} or {@code PostgreSQL 15.18}. */
    public String product() {
        return product;
    }

    /** The pool, for tools (e.g. Flyway's {@code info}) that want a {@link DataSource}. */
    public DataSource dataSource() {
        return pool;
    }

    /** Closes every connection; the embedded H2 database closes with its last connection. */
    @Override
    public void close() {
        pool.close();
    }

    private static void rollback(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** What runs inside a transaction; may throw its own checked exception {@code X}. */
    @FunctionalInterface
    public interface Work<T, X extends Exception> {
        T run(Sql sql) throws SQLException, X;
    }
}
