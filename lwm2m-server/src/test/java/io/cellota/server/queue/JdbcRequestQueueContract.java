package io.cellota.server.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcRequestQueue} keeps the {@link RequestQueueContract}, and what a database adds: requests and the
 * sequence survive a restart, and times are kept to the microsecond without moving a deadline later. Run on
 * H2 ({@link JdbcRequestQueueTest}) and PostgreSQL ({@link JdbcRequestQueuePostgresIT}).
 */
abstract class JdbcRequestQueueContract extends RequestQueueContract {

    @TempDir
    Path dataDir;

    DatabaseConfig config;
    Database database;

    /** A new, empty database. */
    abstract DatabaseConfig emptyDatabase(Path dataDir);

    @Override
    protected RequestQueue newQueue() {
        config = emptyDatabase(dataDir);
        database = Database.open(config);
        return new JdbcRequestQueue(database);
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void held_requests_and_the_sequence_survive_a_restart() {
        QueuedRequest kept = queue.enqueue(request("dev-1", "WRITE_URI", Duration.ofMinutes(5)));
        QueuedRequest sent = queue.enqueue(request("dev-1", "EXECUTE", Duration.ofMinutes(5)));
        queue.remove(sent.sequence());

        database.close();
        database = Database.open(config);
        queue = new JdbcRequestQueue(database);

        assertThat(queue.pending("dev-1")).containsExactly(kept);
        assertThat(queue.endpointsWithPending()).containsExactly("dev-1");
        assertThat(queue.enqueue(request("dev-1", "EXECUTE", Duration.ofMinutes(5))).sequence())
                .isGreaterThan(sent.sequence());
    }

    @Test
    void times_are_kept_to_the_microsecond_and_a_deadline_is_never_moved_later() {
        QueuedRequest asked = QueuedRequest.of("dev-1", "EXECUTE", "", "c", NOW.plusNanos(999), NOW.plusNanos(1));

        QueuedRequest stored = queue.enqueue(asked);

        assertThat(stored.notAfter()).isEqualTo(NOW);
        assertThat(stored.queuedAt()).isEqualTo(NOW);
        assertThat(queue.head("dev-1")).hasValue(stored);
        assertThat(queue.removeExpired(NOW)).isEmpty();
        assertThat(queue.removeExpired(NOW.plusNanos(1))).containsExactly(stored);
        assertThat(stored.notAfter().truncatedTo(ChronoUnit.MICROS)).isEqualTo(stored.notAfter());
    }

    @Test
    void an_endpoint_longer_than_the_column_is_refused_before_the_database() {
        QueuedRequest overlong = request("d".repeat(JdbcRequestQueue.MAX_ENDPOINT_LENGTH + 1), "EXECUTE",
                Duration.ofMinutes(5));

        assertThatThrownBy(() -> queue.enqueue(overlong)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255");
        assertThat(queue.endpointsWithPending()).isEmpty();
    }
}
