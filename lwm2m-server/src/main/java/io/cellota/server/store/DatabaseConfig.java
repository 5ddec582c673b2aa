package io.cellota.server.store;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the server keeps its tables: a JDBC URL with its credentials, and how many connections to pool.
 * {@link #embedded(Path)} is the default (an H2 file database, nothing to install); a
 * {@code jdbc:postgresql://…} URL selects PostgreSQL. Both run the same migrations and the same SQL.
 *
 * @param jdbcUrl  the JDBC URL, {@code jdbc:h2:…} or {@code jdbc:postgresql:…}
 * @param user     the database user
 * @param password the user's password, empty for none; never printed by {@link #toString()}
 * @param poolSize the most connections open at once, 1..200
 */
public record DatabaseConfig(String jdbcUrl, String user, String password, int poolSize) {

    /** The default pool size: enough for the REST API, the update engine and delivery lookups together. */
    public static final int DEFAULT_POOL_SIZE = 10;
    /** The user of the embedded database. */
    public static final String EMBEDDED_USER = "cellota";

    /**
     * H2 settings that keep one SQL dialect working on H2 and PostgreSQL (PostgreSQL mode, lower-case
     * identifiers, NULLs sorted last as PostgreSQL does), make every commit durable before it returns
     * ({@code WRITE_DELAY=0}; H2 otherwise flushes up to 500 ms later), and leave closing to
     * {@link Database#close()} rather than a JVM shutdown hook racing the pool.
     */
    static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
            + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";

    public DatabaseConfig {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a JDBC URL starts with jdbc:, not " + jdbcUrl);
        }
        if (poolSize < 1 || poolSize > 200) {
            throw new IllegalArgumentException("pool size must be 1..200, was " + poolSize);
        }
    }

    /** The embedded H2 database {@code <dataDir>/cellota.mv.db}, created on first use. */
    public static DatabaseConfig embedded(Path dataDir) {
        String dir = dataDir.toAbsolutePath().normalize().toString();
        if (dir.contains(";")) {
            throw new IllegalArgumentException("H2 cannot open a database under a path with ';': " + dir);
        }
        return new DatabaseConfig("jdbc:h2:file:" + dir + "/cellota" + H2_SETTINGS, EMBEDDED_USER, "",
                DEFAULT_POOL_SIZE);
    }

    /** A PostgreSQL database, e.g. {@code postgresql("localhost", 5432, "cellota", "cellota", secret)}. */
    public static DatabaseConfig postgresql(String host, int port, String database, String user, String password) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        return new DatabaseConfig("jdbc:postgresql://" + host + ":" + port + "/" + database, user, password,
                DEFAULT_POOL_SIZE);
    }

    public boolean isPostgresql() {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    public DatabaseConfig withPoolSize(int size) {
        return new DatabaseConfig(jdbcUrl, user, password, size);
    }

    public DatabaseConfig withCredentials(String newUser, String newPassword) {
        return new DatabaseConfig(jdbcUrl, newUser, newPassword, poolSize);
    }

    /** The URL, user and pool size; the password is never printed. */
    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password="
                + (password.isEmpty() ? "(none)" : "(hidden)") + ", poolSize=" + poolSize + "]";
    }
}
