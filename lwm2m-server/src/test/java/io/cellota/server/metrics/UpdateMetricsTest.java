package io.cellota.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.Failure;
import io.cellota.server.update.PackageFacts;
import io.cellota.server.update.UpdateEvent;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdatePhase;
import io.cellota.server.update.UpdateRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Updates by phase, and how they end, from the engine's transitions and the store's active updates. */
class UpdateMetricsTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Failure TIMED_OUT = Failure.engine(Failure.Reason.DEADLINE, "DOWNLOADING took too long");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final UpdateMetrics metrics = new UpdateMetrics(meters);

    @Test
    void every_meter_exists_at_zero_before_any_update() {
        for (UpdatePhase phase : UpdatePhase.values()) {
            if (phase.isActive()) {
                assertThat(active(phase)).as(phase.name()).isZero();
            } else {
                assertThat(finished(phase)).as(phase.name()).isZero();
            }
        }
        assertThat(counter("cellota.updates.submitted")).isZero();
        assertThat(counter("cellota.updates.retries")).isZero();
    }

    @Test
    void each_update_counts_in_the_phase_it_is_in_now() {
        DeviceUpdate first = submitted("dev-1");
        submitted("dev-2");

        DeviceUpdate preparing = moved(first, UpdatePhase.PREPARING);
        moved(preparing, UpdatePhase.DOWNLOADING);

        assertThat(active(UpdatePhase.QUEUED)).isEqualTo(1);
        assertThat(active(UpdatePhase.PREPARING)).isZero();
        assertThat(active(UpdatePhase.DOWNLOADING)).isEqualTo(1);
        assertThat(counter("cellota.updates.submitted")).isEqualTo(2);
    }

    @Test
    void an_update_that_stays_in_its_phase_is_not_counted_twice() {
        DeviceUpdate downloading = moved(submitted("dev-1"), UpdatePhase.DOWNLOADING);

        metrics.onTransition(downloading, event(downloading, UpdatePhase.DOWNLOADING));
        metrics.onTransition(downloading, event(downloading, UpdatePhase.DOWNLOADING));

        assertThat(active(UpdatePhase.DOWNLOADING)).isEqualTo(1);
    }

    @Test
    void a_finished_update_leaves_the_gauges_and_counts_once_by_its_final_phase() {
        DeviceUpdate succeeded = finishedAs(moved(submitted("dev-1"), UpdatePhase.CONFIRMING), UpdatePhase.SUCCEEDED,
                Optional.empty());
        finishedAs(moved(submitted("dev-2"), UpdatePhase.DOWNLOADING), UpdatePhase.FAILED, Optional.of(TIMED_OUT));
        finishedAs(submitted("dev-3"), UpdatePhase.CANCELLED,
                Optional.of(Failure.engine(Failure.Reason.CANCELLED, "by the operator")));

        metrics.onTransition(succeeded, event(succeeded, UpdatePhase.SUCCEEDED));

        assertThat(UpdatePhase.values()).filteredOn(UpdatePhase::isActive)
                .allSatisfy(p -> assertThat(active(p)).isZero());
        assertThat(finished(UpdatePhase.SUCCEEDED)).isEqualTo(1);
        assertThat(finished(UpdatePhase.FAILED)).isEqualTo(1);
        assertThat(finished(UpdatePhase.CANCELLED)).isEqualTo(1);
        assertThat(attemptFailures("engine", "deadline")).isEqualTo(1);
        assertThat(meters.find("cellota.updates.attempt.failures").tag("cause", "cancelled").counter())
                .as("a cancel is not a failed attempt").isNull();
    }

    @Test
    void a_retry_counts_the_failed_attempt_and_its_cause_once() {
        DeviceUpdate downloading = moved(submitted("dev-1"), UpdatePhase.DOWNLOADING);

        DeviceUpdate again = retried(downloading, Failure.device(UpdateResult.CONNECTION_LOST));
        DeviceUpdate preparing = moved(again, UpdatePhase.PREPARING);
        moved(preparing, UpdatePhase.DOWNLOADING);

        assertThat(counter("cellota.updates.retries")).isEqualTo(1);
        assertThat(attemptFailures("device", "connection_lost")).isEqualTo(1);
        assertThat(active(UpdatePhase.DOWNLOADING)).isEqualTo(1);
        assertThat(active(UpdatePhase.QUEUED)).isZero();
    }

    @Test
    void a_last_attempt_that_fails_counts_as_a_failed_attempt_too() {
        DeviceUpdate again = retried(moved(submitted("dev-1"), UpdatePhase.DOWNLOADING), TIMED_OUT);

        finishedAs(moved(again, UpdatePhase.INSTALLING), UpdatePhase.FAILED,
                Optional.of(Failure.device(UpdateResult.UPDATE_FAILED)));

        assertThat(attemptFailures("engine", "deadline")).isEqualTo(1);
        assertThat(attemptFailures("device", "update_failed")).isEqualTo(1);
        assertThat(counter("cellota.updates.retries")).isEqualTo(1);
        assertThat(finished(UpdatePhase.FAILED)).isEqualTo(1);
    }

    @Test
    void at_start_up_the_stores_active_updates_are_counted_without_counting_their_past_again() {
        DeviceUpdate downloading = queued("dev-1").withPhase(UpdatePhase.DOWNLOADING, NOW, deadline());
        DeviceUpdate waiting = queued("dev-2").withRetried(TIMED_OUT);
        DeviceUpdate installing = queued("dev-3").withPhase(UpdatePhase.INSTALLING, NOW, deadline());

        metrics.recover(List.of(downloading, waiting, installing));

        assertThat(active(UpdatePhase.DOWNLOADING)).isEqualTo(1);
        assertThat(active(UpdatePhase.QUEUED)).isEqualTo(1);
        assertThat(active(UpdatePhase.INSTALLING)).isEqualTo(1);
        assertThat(counter("cellota.updates.submitted")).isZero();

        moved(downloading, UpdatePhase.DOWNLOADED);
        moved(waiting, UpdatePhase.PREPARING);

        assertThat(active(UpdatePhase.DOWNLOADING)).isZero();
        assertThat(active(UpdatePhase.DOWNLOADED)).isEqualTo(1);
        assertThat(active(UpdatePhase.QUEUED)).isZero();
        assertThat(counter("cellota.updates.retries")).as("the retry happened before the restart").isZero();
    }

    @Test
    void recovery_leaves_an_update_as_its_latest_transition_put_it() {
        DeviceUpdate stale = moved(submitted("dev-1"), UpdatePhase.DOWNLOADING);
        moved(stale, UpdatePhase.DOWNLOADED);

        metrics.recover(List.of(stale));

        assertThat(active(UpdatePhase.DOWNLOADING)).isZero();
        assertThat(active(UpdatePhase.DOWNLOADED)).isEqualTo(1);
    }

    private static DeviceUpdate queued(String endpoint) {
        return DeviceUpdate.queued(UpdateId.random(), UpdateRequest.of(endpoint,
                new PackageFacts("pkg-1", "1.1.0", 24_000, "mcuboot")), NOW);
    }

    private DeviceUpdate submitted(String endpoint) {
        DeviceUpdate u = queued(endpoint);
        metrics.onTransition(u, new UpdateEvent(u.id(), NOW, Optional.empty(), UpdatePhase.QUEUED, "requested"));
        return u;
    }

    private DeviceUpdate moved(DeviceUpdate u, UpdatePhase to) {
        DeviceUpdate next = u.withPhase(to, NOW, to == UpdatePhase.QUEUED ? Optional.empty() : deadline());
        metrics.onTransition(next, event(u, to));
        return next;
    }

    private DeviceUpdate retried(DeviceUpdate u, Failure failure) {
        DeviceUpdate next = u.withRetried(failure).withPhase(UpdatePhase.QUEUED, NOW, Optional.empty());
        metrics.onTransition(next, event(u, UpdatePhase.QUEUED));
        return next;
    }

    private DeviceUpdate finishedAs(DeviceUpdate u, UpdatePhase phase, Optional<Failure> failure) {
        DeviceUpdate next = u.finished(phase, failure, NOW);
        metrics.onTransition(next, event(u, phase));
        return next;
    }

    private static Optional<Instant> deadline() {
        return Optional.of(NOW.plusSeconds(60));
    }

    private static UpdateEvent event(DeviceUpdate from, UpdatePhase to) {
        return new UpdateEvent(from.id(), NOW, Optional.of(from.phase()), to, "moved");
    }

    private double active(UpdatePhase phase) {
        return meters.get("cellota.updates.active").tag("phase", phase.name().toLowerCase(Locale.ROOT)).gauge().value();
    }

    private double finished(UpdatePhase phase) {
        return meters.get("cellota.updates.finished").tag("phase", phase.name().toLowerCase(Locale.ROOT)).counter()
                .count();
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    private double attemptFailures(String source, String cause) {
        return meters.get("cellota.updates.attempt.failures").tags("source", source, "cause", cause).counter().count();
    }
}
