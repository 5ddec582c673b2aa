package io.cellota.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link DatabaseContract} on a real PostgreSQL server (fails where PostgreSQL is not installed). */
class DatabasePostgresIT extends DatabaseContract {

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return POSTGRES.createDatabase();
    }

    @Test
    void it_is_postgresql_indeed() {
        assertThat(database.product()).startsWith("PostgreSQL");
        assertThat(config.isPostgresql()).isTrue();
    }
}
