package io.cellota.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link WebhookStore} on a real database: webhooks and their outbox survive a restart; only a webhook's oldest
 * pending delivery is ever due, so deliveries leave in order; retries, give-ups and deliveries are recorded;
 * the history pages newest first. Run on H2 ({@link WebhookStoreTest}) and PostgreSQL ({@link WebhookStorePostgresIT}).
 */
abstract class WebhookStoreContract {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00.123456Z");

    @TempDir
    Path dataDir;

    private DatabaseConfig config;
    private Database database;
    private WebhookStore store;

    abstract DatabaseConfig emptyDatabase(Path dataDir);

    @BeforeEach
    void open() {
        config = emptyDatabase(dataDir);
        database = Database.open(config);
        store = new WebhookStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Webhook hook(String... events) {
        return store.create(URI.create("http://127.0.0.1:9/hook"), new EventPatterns(List.of(events)), Optional.empty(),
                "test", T0);
    }

    @Test
    void webhooks_and_their_pending_deliveries_survive_a_restart() {
        Webhook w = hook("update.*");
        assertThat(store.enqueue("update.phase", "{\"n\":1}", T0)).isEqualTo(1);

        database.close();
        database = Database.open(config);
        store = new WebhookStore(database);

        assertThat(store.list()).containsExactly(w);
        assertThat(w.secret()).hasSize(64).matches("[0-9a-f]+");
        assertThat(store.due(T0)).singleElement().satisfies(d -> {
            assertThat(d.webhookId()).isEqualTo(w.id());
            assertThat(d.payload()).isEqualTo("{\"n\":1}");
            assertThat(d.state()).isEqualTo(Delivery.State.PENDING);
            assertThat(d.createdAt()).isEqualTo(T0);
        });
    }

    @Test
    void an_event_goes_to_every_webhook_that_wants_it_and_to_no_other() {
        Webhook updates = hook("update.*");
        Webhook all = hook("*");
        Webhook devices = hook("device.registered");

        assertThat(store.enqueue("update.phase", "{}", T0)).isEqualTo(2);
        assertThat(store.enqueue("campaign.started", "{}", T0)).isEqualTo(1);

        assertThat(store.counts(updates.id())).containsEntry(Delivery.State.PENDING, 1L);
        assertThat(store.counts(all.id())).containsEntry(Delivery.State.PENDING, 2L);
        assertThat(store.counts(devices.id())).isEqualTo(Map.of(Delivery.State.PENDING, 0L,
                Delivery.State.DELIVERED, 0L, Delivery.State.FAILED, 0L));
    }

    @Test
    void only_the_oldest_pending_delivery_of_a_webhook_is_due_so_they_leave_in_order() {
        Webhook w = hook("*");
        for (int i = 1; i <= 3; i++) {
            store.enqueue("update.phase", "{\"n\":" + i + "}", T0);
        }
        Delivery first = store.due(T0).get(0);
        assertThat(store.due(T0)).containsExactly(first);
        assertThat(first.payload()).isEqualTo("{\"n\":1}");

        store.retry(first.seq(), OptionalInt.of(503), "the receiver answered 503", T0.plusSeconds(10));
        assertThat(store.due(T0.plusSeconds(9))).as("the head waits, and holds back the rest").isEmpty();
        Delivery again = store.due(T0.plusSeconds(10)).get(0);
        assertThat(again.seq()).isEqualTo(first.seq());
        assertThat(again.attempts()).isEqualTo(1);
        assertThat(again.lastStatus()).hasValue(503);
        assertThat(again.lastError()).contains("the receiver answered 503");

        store.delivered(first.seq(), 204, T0.plusSeconds(11));
        assertThat(store.due(T0.plusSeconds(11))).singleElement()
                .satisfies(d -> assertThat(d.payload()).isEqualTo("{\"n\":2}"));
        store.failed(store.due(T0.plusSeconds(11)).get(0).seq(), OptionalInt.empty(), "connection refused",
                T0.plusSeconds(12));
        assertThat(store.due(T0.plusSeconds(12))).singleElement()
                .satisfies(d -> assertThat(d.payload()).isEqualTo("{\"n\":3}"));
        assertThat(store.counts(w.id())).isEqualTo(Map.of(Delivery.State.PENDING, 1L, Delivery.State.DELIVERED, 1L,
                Delivery.State.FAILED, 1L));
    }

    @Test
    void webhooks_are_independent_one_that_waits_does_not_hold_back_another() {
        Webhook slow = hook("*");
        Webhook fast = hook("*");
        store.enqueue("update.phase", "{}", T0);
        Delivery slowHead = store.due(T0).stream().filter(d -> d.webhookId().equals(slow.id())).findFirst()
                .orElseThrow();
        store.retry(slowHead.seq(), OptionalInt.empty(), "connection refused", T0.plus(Duration.ofMinutes(5)));

        assertThat(store.due(T0.plusSeconds(1))).singleElement()
                .satisfies(d -> assertThat(d.webhookId()).isEqualTo(fast.id()));
    }

    @Test
    void the_history_pages_newest_first_and_filters_by_state_and_a_deleted_webhook_takes_its_outbox() {
        Webhook w = hook("*");
        for (int i = 1; i <= 5; i++) {
            store.enqueue("device.registered", "{\"n\":" + i + "}", T0.plusSeconds(i));
        }
        store.delivered(store.due(T0.plusSeconds(10)).get(0).seq(), 200, T0.plusSeconds(10));

        List<Delivery> page = store.deliveries(w.id(), Optional.empty(), 1, 2);
        assertThat(page).extracting(Delivery::payload).containsExactly("{\"n\":4}", "{\"n\":3}");
        assertThat(store.deliveries(w.id(), Optional.of(Delivery.State.DELIVERED), 0, 10)).singleElement()
                .satisfies(d -> {
                    assertThat(d.payload()).isEqualTo("{\"n\":1}");
                    assertThat(d.finishedAt()).contains(T0.plusSeconds(10));
                    assertThat(d.lastStatus()).hasValue(200);
                });

        assertThat(store.delete(w.id())).isTrue();
        assertThat(store.delete(w.id())).isFalse();
        assertThat(store.list()).isEmpty();
        assertThat(store.due(T0.plusSeconds(100))).isEmpty();
        assertThat(store.enqueue("device.registered", "{}", T0)).isZero();
    }

    @Test
    void a_given_secret_is_kept_and_a_weak_one_refused() {
        Webhook w = store.create(URI.create("https://h/x"), new EventPatterns(List.of("*")),
                Optional.of("my-own-secret-0123"), "", T0);

        assertThat(w.secret()).isEqualTo("my-own-secret-0123");
        assertThatThrownBy(() -> store.create(URI.create("https://h/x"), new EventPatterns(List.of("*")),
                Optional.of("short"), "", T0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secret");
        assertThat(store.list()).containsExactly(w);
    }
}
