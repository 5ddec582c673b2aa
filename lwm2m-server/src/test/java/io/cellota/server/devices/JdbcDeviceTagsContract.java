package io.cellota.server.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcDeviceTags}: a replace is whole, a group finds its devices, bad tags are refused without a change,
 * tags survive a restart, and two replaces racing end with one of them. Run on H2 ({@link JdbcDeviceTagsTest}) and
 * PostgreSQL ({@link JdbcDeviceTagsPostgresIT}).
 */
abstract class JdbcDeviceTagsContract {

    @TempDir
    Path dataDir;

    DatabaseConfig config;
    Database database;
    DeviceTags tags;

    /** A new, empty database. */
    abstract DatabaseConfig emptyDatabase(Path dir);

    @BeforeEach
    void open() {
        config = emptyDatabase(dataDir);
        database = Database.open(config);
        tags = new JdbcDeviceTags(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_replace_sets_exactly_the_given_tags_and_an_empty_set_removes_them() {
        assertThat(tags.replace("dev-1", Set.of("north", "lab"))).containsExactly("lab", "north");
        tags.replace("dev-1", Set.of("south"));

        assertThat(tags.tags("dev-1")).containsExactly("south");
        tags.replace("dev-1", Set.of());
        assertThat(tags.tags("dev-1")).isEmpty();
        assertThat(tags.tags("never-seen")).isEmpty();
    }

    @Test
    void a_group_finds_the_devices_carrying_any_of_its_tags() {
        tags.replace("dev-1", Set.of("north", "lab"));
        tags.replace("dev-2", Set.of("south"));
        tags.replace("dev-3", Set.of("lab"));

        assertThat(tags.tagged(Set.of("lab", "south"))).containsExactly("dev-1", "dev-2", "dev-3");
        assertThat(tags.tagged(Set.of("north"))).containsExactly("dev-1");
        assertThat(tags.tagged(Set.of())).isEmpty();
    }

    @Test
    void bad_tags_are_refused_and_change_nothing() {
        tags.replace("dev-1", Set.of("north"));
        Set<String> tooMany = new HashSet<>();
        for (int i = 0; i <= DeviceTags.MAX_TAGS; i++) {
            tooMany.add("t" + i);
        }

        assertThatThrownBy(() -> tags.replace("dev-1", Set.of("ok", "not ok"))).hasMessageContaining("'not ok'");
        assertThatThrownBy(() -> tags.replace("dev-1", tooMany)).hasMessageContaining("at most 32 tags");
        assertThatThrownBy(() -> tags.replace("dev-1", Set.of("x".repeat(65)))).hasMessageContaining("1 to 64");
        assertThatThrownBy(() -> tags.replace("d".repeat(256), Set.of("ok"))).hasMessageContaining("endpoint");
        assertThat(tags.tags("dev-1")).containsExactly("north");
    }

    @Test
    void two_stores_on_one_database_read_what_was_written_before_they_first_read() {
        tags.replace("dev-1", Set.of("north"));

        assertThat(new JdbcDeviceTags(database).tagged(Set.of("north"))).containsExactly("dev-1");
    }

    @Test
    void tags_survive_a_restart() {
        tags.replace("dev-1", Set.of("north"));

        database.close();
        database = Database.open(config);
        tags = new JdbcDeviceTags(database);

        assertThat(tags.tags("dev-1")).containsExactly("north");
    }

    @Test
    void two_replaces_racing_end_with_one_of_them_whole() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                CountDownLatch go = new CountDownLatch(1);
                Callable<Set<String>> a = () -> {
                    go.await();
                    return tags.replace("dev-race", Set.of("a1", "a2", "shared"));
                };
                Callable<Set<String>> b = () -> {
                    go.await();
                    return tags.replace("dev-race", Set.of("b1", "shared"));
                };
                Future<Set<String>> first = pool.submit(a);
                Future<Set<String>> second = pool.submit(b);
                go.countDown();
                first.get(30, TimeUnit.SECONDS);
                second.get(30, TimeUnit.SECONDS);

                assertThat(tags.tags("dev-race")).isIn(Set.of("a1", "a2", "shared"), Set.of("b1", "shared"))
                        .as("as the database has them").isEqualTo(new JdbcDeviceTags(database).tags("dev-race"));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
