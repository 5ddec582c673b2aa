package io.cellota.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every database behind {@link Database} must do: migrate cleanly and idempotently, commit or roll back
 * whole transactions, and round-trip the column types the stores use. Run against H2 ({@link DatabaseTest})
 * and PostgreSQL ({@link DatabasePostgresIT}).
 */
abstract class DatabaseContract {

    private static final String PROBE = "CREATE TABLE probe (id VARCHAR(16) PRIMARY KEY, label TEXT, amount BIGINT,"
            + " flag BOOLEAN, at TIMESTAMP WITH TIME ZONE)";

    @TempDir
    Path dataDir;

    DatabaseConfig config;
    Database database;

    /** A new, empty database. */
    abstract DatabaseConfig emptyDatabase(Path dataDir);

    @BeforeEach
    void open() {
        config = emptyDatabase(dataDir);
        database = Database.open(config);
        database.update(PROBE);
    }

    @AfterEach
    void close() {
        database.close();
    }

    /** A checked exception of the work's own, which must pass through a transaction unchanged. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void migrations_apply_cleanly_to_an_empty_database() {
        MigrationInfo[] applied = flyway().info().applied();

        assertThat(applied).extracting(m -> m.getVersion().toString()).startsWith("1");
        assertThat(applied).allSatisfy(m -> assertThat(m.getState()).isEqualTo(MigrationState.SUCCESS));
        assertThat(flyway().info().pending()).isEmpty();
        long packages = database.inTransaction(sql -> sql.queryLong("SELECT COUNT(*) FROM firmware_package"));
        assertThat(packages).isZero();
    }

    @Test
    void opening_again_applies_nothing_and_keeps_the_data() {
        database.update("INSERT INTO probe (id, label) VALUES (?, ?)", "kept", "across opens");
        int applied = flyway().info().applied().length;
        database.close();

        database = Database.open(config);

        assertThat(flyway().info().applied()).hasSize(applied);
        assertThat(flyway().migrate().migrationsExecuted).isZero();
        assertThat(database.queryOne("SELECT label FROM probe WHERE id = ?", row -> row.text("label"), "kept"))
                .contains("across opens");
    }

    @Test
    void a_transaction_commits_every_statement_when_the_work_returns() {
        database.inTransaction(sql -> {
            sql.update("INSERT INTO probe (id) VALUES (?)", "a");
            return sql.update("INSERT INTO probe (id) VALUES (?)", "b");
        });

        assertThat(ids()).containsExactly("a", "b");
    }

    @Test
    void a_transaction_rolls_back_and_rethrows_the_works_own_exception() {
        Refused refused = new Refused();

        assertThatThrownBy(() -> database.inTransaction(sql -> {
            sql.update("INSERT INTO probe (id) VALUES (?)", "a");
            throw refused;
        })).isSameAs(refused);

        assertThat(ids()).isEmpty();
    }

    @Test
    void a_failing_statement_rolls_back_the_transaction_and_becomes_a_store_exception() {
        assertThatThrownBy(() -> database.inTransaction(sql -> {
            sql.update("INSERT INTO probe (id) VALUES (?)", "a");
            return sql.update("INSERT INTO no_such_table (id) VALUES (?)", "b");
        })).isInstanceOf(StoreException.class).hasCauseInstanceOf(SQLException.class);

        assertThat(ids()).isEmpty();
    }

    @Test
    void a_duplicate_key_is_told_apart_from_other_failures() {
        database.update("INSERT INTO probe (id) VALUES (?)", "a");

        assertThatThrownBy(() -> database.update("INSERT INTO probe (id) VALUES (?)", "a"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isUniqueViolation()).isTrue());
        assertThatThrownBy(() -> database.update("INSERT INTO probe (nope) VALUES (?)", "a"))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isUniqueViolation()).isFalse());
    }

    @Test
    void values_round_trip_with_empty_optionals_as_null() {
        Instant at = Instant.parse("2026-03-01T10:15:30.123456Z");
        database.update("INSERT INTO probe (id, label, amount, flag, at) VALUES (?, ?, ?, ?, ?)",
                "full", Optional.of("text"), OptionalLong.of(1L << 40), true, at);
        database.update("INSERT INTO probe (id, label, amount, flag, at) VALUES (?, ?, ?, ?, ?)",
                "bare", Optional.empty(), OptionalLong.empty(), null, null);

        List<Probe> rows = database.query("SELECT * FROM probe ORDER BY id", row -> new Probe(row.text("id"),
                row.optionalText("label"), row.optionalLong("amount"), row.optionalInstant("at")));

        assertThat(rows).containsExactly(
                new Probe("bare", Optional.empty(), OptionalLong.empty(), Optional.empty()),
                new Probe("full", Optional.of("text"), OptionalLong.of(1L << 40), Optional.of(at)));
    }

    @Test
    void reading_null_where_a_value_is_required_fails_loudly() {
        database.update("INSERT INTO probe (id) VALUES (?)", "bare");

        assertThatThrownBy(() -> database.query("SELECT amount FROM probe", row -> row.longValue("amount")))
                .isInstanceOf(StoreException.class).hasMessageContaining("amount is NULL");
    }

    @Test
    void null_values_sort_last_in_ascending_order_as_postgresql_does() {
        database.update("INSERT INTO probe (id, amount) VALUES (?, ?)", "none", OptionalLong.empty());
        database.update("INSERT INTO probe (id, amount) VALUES (?, ?)", "one", 1L);

        assertThat(database.query("SELECT id FROM probe ORDER BY amount", row -> row.text("id")))
                .containsExactly("one", "none");
    }

    private record Probe(String id, Optional<String> label, OptionalLong amount, Optional<Instant> at) {
    }

    private List<String> ids() {
        return database.query("SELECT id FROM probe ORDER BY id", row -> row.text("id"));
    }

    private Flyway flyway() {
        return Flyway.configure().dataSource(database.dataSource()).locations(Database.MIGRATIONS).load();
    }
}
