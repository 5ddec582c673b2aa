package io.cellota.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link DatabaseContract} on a real PostgreSQL server (skipped where PostgreSQL is not installed). */
class DatabasePostgresIT extends DatabaseContract {

    private static TestPostgres postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = TestPostgres.startOrFail();
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return postgres.createDatabase();
    }

    @Test
    void it_is_postgresql_indeed() {
        assertThat(database.product()).startsWith("PostgreSQL");
        assertThat(config.isPostgresql()).isTrue();
    }
}
