package io.cellota.server.update.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.store.StoreException;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.Failure;
import io.cellota.server.update.UpdateConflictException;
import io.cellota.server.update.UpdateEvent;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdatePhase;
import io.cellota.server.update.UpdateQuery;
import io.cellota.server.update.UpdateRefusedException;
import io.cellota.server.update.UpdateStore;
import io.cellota.server.update.UpdateStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JdbcUpdateStore} keeps the {@link UpdateStoreContract} and what a database adds to it: every part of
 * an update survives a restart, the database itself keeps one active update per device and serialises
 * racing writers, damaged rows are reported, and listings page newest first. Run on H2
 * ({@link JdbcUpdateStoreTest}) and PostgreSQL ({@link JdbcUpdateStorePostgresIT}).
 */
abstract class JdbcUpdateStoreContract extends UpdateStoreContract {

    private static final Instant NOW = Updates.T0;

    @TempDir
    Path dataDir;

    DatabaseConfig config;
    Database database;
    JdbcUpdateStore store;

    /** A new, empty database. */
    abstract DatabaseConfig emptyDatabase(Path dataDir);

    @Override
    protected UpdateStore newStore() {
        config = emptyDatabase(dataDir);
        database = Database.open(config);
        store = new JdbcUpdateStore(database);
        return store;
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void every_value_of_every_part_survives_create_save_and_find() {
        int n = 0;
        for (DeviceUpdate update : Updates.exhaustive()) {
            if (update.revision() == Long.MAX_VALUE) {
                continue; // the codec's extremes: times beyond any database's TIMESTAMP
            }
            DeviceUpdate fresh = renamed(update, "u-" + n, "dev-" + n++);
            DeviceUpdate created = store.create(fresh, event(fresh, "created"));
            DeviceUpdate saved = store.save(created.withObserving(!created.observing()), List.of());

            assertThat(store.find(fresh.id())).as(update.toString()).hasValue(saved);
        }
        for (long seed = 0; seed < 200; seed++) {
            DeviceUpdate fresh = renamed(Updates.random(new Random(seed)), "r-" + seed, "dev-r" + seed);
            store.create(fresh, event(fresh, "created"));

            assertThat(store.find(fresh.id())).as("seed %d", seed).hasValue(fresh.withRevision(1));
        }
    }

    @Test
    void a_restarted_server_reads_back_exactly_what_was_committed() {
        DeviceUpdate sample = renamed(Updates.sample(), "u-1", "dev-1");
        DeviceUpdate created = store.create(sample, event(sample, "created"));
        DeviceUpdate saved = store.save(created, List.of(new UpdateEvent(created.id(), NOW.plusSeconds(1),
                Optional.of(UpdatePhase.DOWNLOADING), UpdatePhase.DOWNLOADED, "Downloaded")));
        List<UpdateEvent> history = store.history(created.id());

        database.close();
        database = Database.open(config);
        store = new JdbcUpdateStore(database);

        assertThat(store.find(created.id())).hasValue(saved);
        assertThat(store.findActive("dev-1")).hasValue(saved);
        assertThat(store.listActive()).containsExactly(saved);
        assertThat(store.history(created.id())).isEqualTo(history);
    }

    @Test
    void history_keeps_both_phases_and_the_time_to_the_microsecond() {
        DeviceUpdate created = create("dev-1", "created");
        UpdateEvent event = new UpdateEvent(created.id(), NOW, Optional.of(UpdatePhase.QUEUED), UpdatePhase.PREPARING,
                "attempt 1: reading /5/0 — \"quoted\" détail");
        store.save(created, List.of(event));

        assertThat(store.history(created.id())).containsExactly(
                new UpdateEvent(created.id(), NOW.truncatedTo(ChronoUnit.MICROS), Optional.empty(), UpdatePhase.QUEUED,
                        "created"),
                new UpdateEvent(created.id(), NOW.truncatedTo(ChronoUnit.MICROS), Optional.of(UpdatePhase.QUEUED),
                        UpdatePhase.PREPARING, "attempt 1: reading /5/0 — \"quoted\" détail"));
        assertThat(store.history(UpdateId.random())).isEmpty();
    }

    @Test
    void racing_saves_of_one_revision_let_exactly_one_win() throws Exception {
        DeviceUpdate created = create("dev-1", "created");

        List<Outcome> outcomes = race(8, i -> () -> store.save(created.withObserving(true),
                List.of(event(created, "writer " + i))));

        assertThat(outcomes).filteredOn(Outcome::won).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.won())
                .allSatisfy(o -> assertThat(o.failure()).isInstanceOf(UpdateConflictException.class));
        assertThat(store.find(created.id()).orElseThrow().revision()).isEqualTo(2);
        assertThat(store.history(created.id())).hasSize(2);
    }

    @Test
    void racing_creates_for_one_device_let_exactly_one_win() throws Exception {
        List<Outcome> outcomes = race(8, i -> () -> create("dev-1", "writer " + i));

        assertThat(outcomes).filteredOn(Outcome::won).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.won()).allSatisfy(o -> assertThat(o.failure())
                .isInstanceOfSatisfying(UpdateRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(UpdateRefusedException.Reason.DEVICE_BUSY)));
        assertThat(store.listActive()).hasSize(1);
    }

    @Test
    void the_database_itself_refuses_a_second_active_update_of_a_device() {
        create("dev-1", "created");
        DeviceUpdate second = queued("dev-1").withRevision(1);

        assertThatThrownBy(() -> database.update("INSERT INTO device_update (id, endpoint, phase, revision,"
                        + " active_endpoint, created_at, updated_at, document) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                second.id().value(), "dev-1", "QUEUED", 1L, "dev-1", NOW, NOW, DeviceUpdateJson.encode(second)))
                .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isUniqueViolation()).isTrue());
        assertThatThrownBy(() -> database.update("UPDATE device_update SET active_endpoint = NULL"))
                .as("an active row names its endpoint").isInstanceOf(StoreException.class);
    }

    @Test
    void a_finished_update_made_active_again_beside_another_is_refused_and_left_as_it_was() {
        DeviceUpdate first = create("dev-1", "created");
        DeviceUpdate done = store.save(first.finished(UpdatePhase.SUCCEEDED, Optional.empty(), NOW), List.of());
        DeviceUpdate second = create("dev-1", "created");

        assertThatThrownBy(() -> store.save(done.withPhase(UpdatePhase.PREPARING, NOW, Optional.of(NOW)),
                List.of(event(done, "again"))))
                .isInstanceOfSatisfying(UpdateRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(UpdateRefusedException.Reason.DEVICE_BUSY);
                    assertThat(e.getMessage()).contains(second.id().value());
                });
        assertThat(store.find(first.id())).hasValue(done);
        assertThat(store.history(first.id())).extracting(UpdateEvent::detail).containsExactly("created");
    }

    @Test
    void a_save_under_another_device_a_taken_id_and_an_overlong_name_are_refused() {
        DeviceUpdate created = create("dev-1", "created");

        assertThatThrownBy(() -> store.save(renamed(created, created.id().value(), "dev-2").withRevision(1), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belongs to dev-1");
        assertThatThrownBy(() -> store.create(created.withRevision(0), event(created, "again")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exists");
        DeviceUpdate longName = queued("d".repeat(JdbcUpdateStore.MAX_ENDPOINT_LENGTH + 1));
        assertThatThrownBy(() -> store.create(longName, event(longName, "created")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
        assertThat(store.find(created.id())).hasValue(created);
        assertThat(store.history(created.id())).hasSize(1);
    }

    @Test
    void updates_are_listed_newest_first_for_a_device_and_for_all() {
        List<DeviceUpdate> dev1 = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            DeviceUpdate created = create("dev-1", "created");
            dev1.add(0, i < 4 ? store.save(created.finished(UpdatePhase.CANCELLED,
                    Optional.of(Failure.engine(Failure.Reason.CANCELLED, "by alice")), NOW), List.of()) : created);
            create("dev-" + (i + 2), "created");
        }

        assertThat(store.listByEndpoint("dev-1", 0, 3)).containsExactlyElementsOf(dev1.subList(0, 3));
        assertThat(store.listByEndpoint("dev-1", 3, 3)).containsExactlyElementsOf(dev1.subList(3, 5));
        assertThat(store.listByEndpoint("dev-1", 5, 3)).isEmpty();
        assertThat(store.listByEndpoint("dev-99", 0, 10)).isEmpty();
        List<DeviceUpdate> all = store.list(0, JdbcUpdateStore.MAX_PAGE);
        assertThat(all).hasSize(10).extracting(DeviceUpdate::endpoint)
                .startsWith("dev-6", "dev-1", "dev-5", "dev-1").endsWith("dev-1");
        assertThat(store.list(9, 5)).containsExactly(dev1.get(4));
        assertThatThrownBy(() -> store.list(-1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.listByEndpoint("dev-1", 0, JdbcUpdateStore.MAX_PAGE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_listing_filters_by_device_and_by_phase_and_counts_exactly_what_it_shows() {
        DeviceUpdate cancelled = store.save(create("dev-1", "created").finished(UpdatePhase.CANCELLED,
                Optional.of(Failure.engine(Failure.Reason.CANCELLED, "by alice")), NOW), List.of());
        DeviceUpdate succeeded = store.save(create("dev-1", "created").finished(UpdatePhase.SUCCEEDED, Optional.empty(),
                NOW), List.of());
        DeviceUpdate queued = create("dev-1", "created");
        DeviceUpdate other = create("dev-2", "created");
        DeviceUpdate otherDone = store.save(create("dev-3", "created").finished(UpdatePhase.SUCCEEDED, Optional.empty(),
                NOW), List.of());
        UpdateQuery dev1 = UpdateQuery.ALL.withEndpoint("dev-1");
        UpdateQuery finished = UpdateQuery.ALL.withPhases(EnumSet.of(UpdatePhase.SUCCEEDED, UpdatePhase.CANCELLED));

        assertThat(store.list(dev1, 0, 10)).containsExactly(queued, succeeded, cancelled);
        assertThat(store.list(finished, 0, 10)).containsExactly(otherDone, succeeded, cancelled);
        assertThat(store.list(finished, 1, 1)).containsExactly(succeeded);
        assertThat(store.list(dev1.withPhases(Set.of(UpdatePhase.QUEUED)), 0, 10)).containsExactly(queued);
        assertThat(store.list(UpdateQuery.ALL.withEndpoint("dev-2").withPhases(Set.of(UpdatePhase.SUCCEEDED)), 0, 10))
                .isEmpty();
        assertThat(store.count(UpdateQuery.ALL)).isEqualTo(5);
        assertThat(store.count(dev1)).isEqualTo(3);
        assertThat(store.count(finished)).isEqualTo(3);
        assertThat(store.count(UpdateQuery.ALL.withEndpoint("dev-99"))).isZero();
        assertThat(store.list(UpdateQuery.ALL, 0, 10)).startsWith(otherDone, other);
    }

    @Test
    void every_combination_of_filters_lists_and_counts_what_the_query_matches() {
        for (int i = 0; i < 12; i++) {
            DeviceUpdate created = create("dev-" + i % 3, "created");
            if (i < 9) { // the last update of each device stays active
                store.save(created.finished(i % 2 == 0 ? UpdatePhase.SUCCEEDED : UpdatePhase.FAILED,
                        i % 2 == 0 ? Optional.empty() : Optional.of(Failure.engine(Failure.Reason.DEADLINE, "late")), NOW),
                        List.of());
            }
        }
        List<DeviceUpdate> all = store.list(UpdateQuery.ALL, 0, JdbcUpdateStore.MAX_PAGE);
        List<Set<UpdatePhase>> phaseFilters = new ArrayList<>(List.of(Set.of(), EnumSet.allOf(UpdatePhase.class),
                EnumSet.of(UpdatePhase.FAILED, UpdatePhase.QUEUED)));
        for (UpdatePhase phase : UpdatePhase.values()) {
            phaseFilters.add(Set.of(phase));
        }

        for (Optional<String> endpoint : List.of(Optional.<String>empty(), Optional.of("dev-0"), Optional.of("dev-2"),
                Optional.of("dev-9"))) {
            for (Set<UpdatePhase> phases : phaseFilters) {
                UpdateQuery query = new UpdateQuery(endpoint, phases);
                List<DeviceUpdate> expected = all.stream().filter(query::matches).toList();

                assertThat(store.list(query, 0, JdbcUpdateStore.MAX_PAGE)).as(query.toString())
                        .containsExactlyElementsOf(expected);
                assertThat(store.list(query, 1, 2)).as(query.toString())
                        .containsExactlyElementsOf(expected.subList(Math.min(1, expected.size()),
                                Math.min(3, expected.size())));
                assertThat(store.count(query)).as(query.toString()).isEqualTo(expected.size());
            }
        }
        assertThat(all).hasSize(12);
    }

    @Test
    void a_damaged_document_is_reported_never_read_as_a_default() {
        DeviceUpdate created = create("dev-1", "created");
        database.update("UPDATE device_update SET document = ? WHERE id = ?", "{\"format\":1}", created.id().value());

        assertThatThrownBy(() -> store.find(created.id())).isInstanceOf(StoreException.class)
                .hasMessageContaining("update " + created.id() + " is corrupt").hasMessageContaining("$.id: missing")
                .hasRootCauseInstanceOf(CorruptDocumentException.class);
        assertThatThrownBy(() -> store.listActive()).isInstanceOf(StoreException.class);
    }

    @Test
    void a_row_that_disagrees_with_its_document_is_reported() {
        DeviceUpdate created = create("dev-1", "created");
        database.update("UPDATE device_update SET phase = 'PREPARING' WHERE id = ?", created.id().value());

        assertThatThrownBy(() -> store.findActive("dev-1")).isInstanceOf(StoreException.class)
                .hasMessageContaining("disagrees with its row");
    }

    private record Outcome(boolean won, Throwable failure) {
    }

    private interface Racer {
        Callable<Object> of(int index);
    }

    /** Runs {@code n} writers at once, released together, and reports how each ended. */
    private static List<Outcome> race(int n, Racer racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<Object> work = racer.of(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        work.call();
                        return new Outcome(true, null);
                    } catch (RuntimeException e) {
                        return new Outcome(false, e);
                    }
                }));
            }
            start.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<Outcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    /** A new queued update of {@code endpoint}, created with its first event. */
    private DeviceUpdate create(String endpoint, String detail) {
        DeviceUpdate update = queued(endpoint);
        return store.create(update, event(update, detail));
    }

    private static DeviceUpdate queued(String endpoint) {
        DeviceUpdate bare = Updates.bare();
        return renamed(bare, UpdateId.random().value(), endpoint);
    }

    private static UpdateEvent event(DeviceUpdate update, String detail) {
        return new UpdateEvent(update.id(), NOW, Optional.empty(), update.phase(), detail);
    }

    /** {@code u} under another id and endpoint, not yet created (revision 0). */
    private static DeviceUpdate renamed(DeviceUpdate u, String id, String endpoint) {
        return new DeviceUpdate(new UpdateId(id), 0, endpoint, u.target(), u.preference(), u.plan(), u.phase(),
                u.retried(), u.deviceStatus(), u.failure(), u.observing(), u.commandCount(), u.outstanding(),
                u.deadline(), u.nextCheck(), u.createdAt(), u.phaseSince(), u.updatedAt());
    }
}
