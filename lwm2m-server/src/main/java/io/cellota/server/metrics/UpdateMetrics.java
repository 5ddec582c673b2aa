package io.cellota.server.metrics;

import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.Failure;
import io.cellota.server.update.UpdateEvent;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdateListener;
import io.cellota.server.update.UpdatePhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Updates by {@link UpdatePhase}, kept in memory from the engine's transitions, so a scrape never reads the
 * database:
 * <ul>
 *   <li>{@code cellota.updates.active}: a gauge per active phase ({@code phase}, lower case) of the updates in
 *       it now;</li>
 *   <li>{@code cellota.updates.submitted}: updates accepted;</li>
 *   <li>{@code cellota.updates.finished}: updates that reached a final phase ({@code phase}: succeeded, failed,
 *       cancelled);</li>
 *   <li>{@code cellota.updates.retries}: failed attempts followed by another attempt;</li>
 *   <li>{@code cellota.updates.attempt.failures}: failed attempts, retried or final, by {@code source} (device,
 *       engine) and {@code cause} (the Update Result or the engine's reason, lower case).</li>
 * </ul>
 * At start-up, {@link #recover} seeds the gauges with the store's active updates, before the engine recovers
 * them; from then on each transition moves its update from the phase last seen to its new one. This stays true
 * while this engine is the store's only writer, which it is: an update another writer changed is dropped by
 * the engine without a transition. Thread-safe: one lock; the gauges read atomics.
 */
public final class UpdateMetrics implements UpdateListener {

    private final MeterRegistry meters;
    private final Map<UpdatePhase, AtomicInteger> active = new EnumMap<>(UpdatePhase.class);
    private final Map<UpdatePhase, Counter> finished = new EnumMap<>(UpdatePhase.class);
    private final Counter submitted;
    private final Counter retries;
    private final Map<UpdateId, Seen> seen = new HashMap<>();

    /** Where an active update was last seen, and how many of its attempts had failed. */
    private record Seen(UpdatePhase phase, int retried) {
    }

    /** Registers every meter in {@code meters}, all at zero. */
    public UpdateMetrics(MeterRegistry meters) {
        this.meters = Objects.requireNonNull(meters, "meters");
        for (UpdatePhase phase : UpdatePhase.values()) {
            if (phase.isActive()) {
                AtomicInteger count = new AtomicInteger();
                active.put(phase, count);
                Gauge.builder("cellota.updates.active", count, AtomicInteger::get)
                        .description("Updates in this phase now").tag("phase", tag(phase)).strongReference(true)
                        .register(meters);
            } else {
                finished.put(phase, Counter.builder("cellota.updates.finished")
                        .description("Updates that reached this final phase").tag("phase", tag(phase))
                        .register(meters));
            }
        }
        submitted = Counter.builder("cellota.updates.submitted").description("Updates accepted").register(meters);
        retries = Counter.builder("cellota.updates.retries")
                .description("Failed update attempts followed by another attempt").register(meters);
    }

    /**
     * Counts the store's active updates into the gauges, once at start-up, before the engine recovers them. An
     * update a transition has already reported is left as that transition put it.
     */
    public synchronized void recover(Collection<DeviceUpdate> unfinished) {
        for (DeviceUpdate u : unfinished) {
            if (u.phase().isActive() && !seen.containsKey(u.id())) {
                enter(u);
            }
        }
    }

    @Override
    public synchronized void onTransition(DeviceUpdate update, UpdateEvent event) {
        Seen before = seen.remove(update.id());
        if (before != null) {
            active.get(before.phase()).decrementAndGet();
        }
        if (event.from().isEmpty()) {
            submitted.increment();
        }
        List<Failure> retried = update.retried();
        int known = before == null ? retried.size() : Math.min(before.retried(), retried.size());
        for (Failure failure : retried.subList(known, retried.size())) {
            retries.increment();
            attemptFailed(failure);
        }
        if (update.phase().isActive()) {
            enter(update);
        } else if (event.from().filter(UpdatePhase::isActive).isPresent()) {
            finished.get(update.phase()).increment();
            if (update.phase() == UpdatePhase.FAILED) {
                update.failure().ifPresent(this::attemptFailed);
            }
        }
    }

    private void enter(DeviceUpdate u) {
        seen.put(u.id(), new Seen(u.phase(), u.retried().size()));
        active.get(u.phase()).incrementAndGet();
    }

    private void attemptFailed(Failure failure) {
        String source;
        String cause;
        if (failure instanceof Failure.Engine engine) {
            source = "engine";
            cause = engine.reason().name();
        } else {
            source = "device";
            cause = failure.updateResult().orElseThrow().name();
        }
        Counter.builder("cellota.updates.attempt.failures")
                .description("Failed update attempts, retried or final, by who saw the failure and its cause")
                .tags("source", source, "cause", cause.toLowerCase(Locale.ROOT)).register(meters).increment();
    }

    private static String tag(UpdatePhase phase) {
        return phase.name().toLowerCase(Locale.ROOT);
    }
}
