package io.cellota.server.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.object5.UpdateResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link UpdateStore} contract: compare-and-set saves, one active update per device, history
 * appended with the save that records it. Every store's test extends this class and supplies an empty
 * store; {@link InMemoryUpdateStoreTest} is the first.
 */
public abstract class UpdateStoreContract {

    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
    private static final PackageFacts PACKAGE = new PackageFacts("pkg-2.0.0", "2.0.0", 200_000, "mcuboot");

    private UpdateStore store;

    /** A new, empty store. */
    protected abstract UpdateStore newStore();

    @BeforeEach
    void emptyStore() {
        store = newStore();
    }

    @Test
    void a_save_carrying_a_stale_revision_is_refused_and_appends_nothing() {
        DeviceUpdate created = create("dev-1", "created");
        DeviceUpdate first = store.save(created.withObserving(true), List.of());
        assertThat(first.revision()).isEqualTo(2);

        assertThatThrownBy(() -> store.save(created.withNextCheck(Optional.empty()), List.of(event(created, "stale"))))
                .isInstanceOfSatisfying(UpdateConflictException.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.actual()).isEqualTo(2);
                });
        assertThat(store.find(created.id())).hasValue(first);
        assertThat(store.history(created.id())).extracting(UpdateEvent::detail).containsExactly("created");
    }

    @Test
    void saving_an_update_that_was_never_created_is_a_conflict() {
        assertThatThrownBy(() -> store.save(queued("dev-1"), List.of()))
                .isInstanceOfSatisfying(UpdateConflictException.class, e -> assertThat(e.actual()).isEqualTo(-1));
    }

    @Test
    void a_device_has_at_most_one_active_update() {
        DeviceUpdate first = create("dev-1", "created");
        DeviceUpdate other = queued("dev-2");
        store.create(other, event(other, "created"));

        DeviceUpdate second = queued("dev-1");
        assertThatThrownBy(() -> store.create(second, event(second, "created")))
                .isInstanceOfSatisfying(UpdateRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(UpdateRefusedException.Reason.DEVICE_BUSY);
                    assertThat(e.getMessage()).contains(first.id().value(), "QUEUED");
                });
        assertThat(store.listActive()).hasSize(2);
        assertThat(store.history(second.id())).isEmpty();
    }

    @Test
    void a_finished_update_frees_its_device() {
        DeviceUpdate first = create("dev-1", "created");
        store.save(first.finished(UpdatePhase.FAILED, Optional.of(Failure.device(UpdateResult.NOT_ENOUGH_FLASH)), NOW),
                List.of());

        assertThat(store.findActive("dev-1")).isEmpty();
        DeviceUpdate next = queued("dev-1");
        assertThat(store.create(next, event(next, "created")).revision()).isEqualTo(1);
        assertThat(store.findActive("dev-1")).map(DeviceUpdate::id).hasValue(next.id());
    }

    @Test
    void history_keeps_the_events_of_each_save_in_order() {
        DeviceUpdate created = create("dev-1", "one");
        DeviceUpdate saved = store.save(created, List.of(event(created, "two"), event(created, "three")));
        store.save(saved, List.of(event(saved, "four")));

        assertThat(store.history(created.id())).extracting(UpdateEvent::detail)
                .containsExactly("one", "two", "three", "four");
    }

    @Test
    void an_event_of_another_update_is_refused_and_nothing_is_stored() {
        DeviceUpdate created = create("dev-1", "created");
        DeviceUpdate other = queued("dev-2");

        assertThatThrownBy(() -> store.save(created, List.of(event(other, "not mine"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create(other, event(created, "not mine")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.find(created.id())).hasValue(created);
        assertThat(store.find(other.id())).isEmpty();
        assertThat(store.history(created.id())).extracting(UpdateEvent::detail).containsExactly("created");
    }

    /** A new queued update of {@code endpoint}, created with its first event. */
    private DeviceUpdate create(String endpoint, String detail) {
        DeviceUpdate update = queued(endpoint);
        return store.create(update, event(update, detail));
    }

    private static DeviceUpdate queued(String endpoint) {
        return DeviceUpdate.queued(UpdateId.random(), UpdateRequest.of(endpoint, PACKAGE), NOW);
    }

    private static UpdateEvent event(DeviceUpdate update, String detail) {
        return new UpdateEvent(update.id(), NOW, Optional.empty(), update.phase(), detail);
    }
}
