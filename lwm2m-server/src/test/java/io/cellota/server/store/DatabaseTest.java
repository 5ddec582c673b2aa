package io.cellota.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link DatabaseContract} on the embedded H2 database, and the embedded configuration itself. */
class DatabaseTest extends DatabaseContract {

    @Override
    DatabaseConfig emptyDatabase(Path dataDir) {
        return DatabaseConfig.embedded(dataDir);
    }

    @Test
    void the_embedded_database_is_a_file_in_the_data_dir() {
        assertThat(dataDir.resolve("cellota.mv.db")).isRegularFile();
        assertThat(database.product()).startsWith("H2");
    }

    @Test
    void the_embedded_database_speaks_postgresql_and_commits_durably() {
        assertThat(DatabaseConfig.embedded(Path.of("/var/lib/cellota")).jdbcUrl())
                .isEqualTo("jdbc:h2:file:/var/lib/cellota/cellota;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                        + ";DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void a_password_is_never_printed() {
        DatabaseConfig config = DatabaseConfig.postgresql("db.example", 5432, "cellota", "fota", "s3cret-Pa55");

        assertThat(config.toString()).doesNotContain("s3cret-Pa55").contains("(hidden)").contains("db.example");
        assertThat(config.isPostgresql()).isTrue();
    }

    @Test
    void a_configuration_that_cannot_work_is_refused_when_built() {
        assertThatThrownBy(() -> new DatabaseConfig("postgresql://host/db", "u", "", 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("jdbc:");
        assertThatThrownBy(() -> DatabaseConfig.embedded(Path.of("/tmp")).withPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pool size");
        assertThatThrownBy(() -> DatabaseConfig.embedded(Path.of("/tmp/a;b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(";");
    }

    @Test
    void an_unreachable_database_fails_to_open_with_its_url() {
        DatabaseConfig nowhere = DatabaseConfig.postgresql("127.0.0.1", 1, "cellota", "cellota", "");

        assertThatThrownBy(() -> Database.open(nowhere))
                .isInstanceOf(StoreException.class).hasMessageContaining("127.0.0.1:1");
    }
}
