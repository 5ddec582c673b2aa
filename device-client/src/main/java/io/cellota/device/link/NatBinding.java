package io.cellota.device.link;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The age of one device's NAT binding, and when periodic rebinding moves it next. Pure arithmetic on
 * nanosecond times on any monotonic scale (the proxy passes {@link System#nanoTime()}, tests plain numbers):
 * no clock, no I/O, no randomness. Event loop thread only.
 *
 * <p>A binding made at {@code t} lasts one {@linkplain LinkProfile#natRebindInterval() interval} {@code T}.
 * A periodic rebinding starts the next binding at the period boundary, not when the loop got round to it,
 * so late timers do not make the schedule drift; a loop that slept through several periods rebinds once
 * and skips the boundaries it missed. A rebinding on demand starts a new binding there and then. Every new
 * binding, and every change of interval, starts a new generation, so a timer set for an earlier one can
 * tell that it is stale (the {@link EventLoop} has no way to cancel a timer).
 */
final class NatBinding {

    private long boundAtNanos;
    private long generation;

    NatBinding(long boundAtNanos) {
        this.boundAtNanos = boundAtNanos;
    }

    /** When the current binding began. */
    long boundAtNanos() {
        return boundAtNanos;
    }

    /** Changes whenever the binding or the interval does: a timer carries the generation it was set for. */
    long generation() {
        return generation;
    }

    /**
     * When the binding is due to move, for {@code interval}: one interval after it began, but never before
     * {@code nowNanos} (a binding already older than a newly shortened interval moves at once). Empty when
     * there is no interval.
     */
    OptionalLong dueNanos(Optional<Duration> interval, long nowNanos) {
        if (interval.isEmpty()) {
            return OptionalLong.empty();
        }
        long due = boundAtNanos + interval.get().toNanos();
        return OptionalLong.of(due - nowNanos > 0 ? due : nowNanos);
    }

    /** A rebinding on demand at {@code nowNanos}: the new binding begins now. */
    void reboundAt(long nowNanos) {
        boundAtNanos = nowNanos;
        generation++;
    }

    /**
     * A periodic rebinding that ran at {@code nowNanos}: the new binding begins at the last period boundary
     * not after {@code nowNanos}, and at least one period after the previous one.
     */
    void reboundPeriodically(Duration interval, long nowNanos) {
        long period = interval.toNanos();
        if (period <= 0) {
            throw new IllegalArgumentException("a rebinding period must be positive, was " + interval);
        }
        long periods = Math.max(1, (nowNanos - boundAtNanos) / period);
        boundAtNanos += periods * period;
        generation++;
    }

    /** The interval changed: timers set for the old one are stale. The binding keeps its age. */
    void intervalChanged() {
        generation++;
    }
}
