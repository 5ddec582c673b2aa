package io.cellota.device.link;

import java.time.Duration;

/**
 * The impairment of one direction of a link, as the {@link LinkScheduler} applies it. All quantities are
 * in SI units: rates in bits per second, sizes in bytes, times as {@link Duration}, probabilities in
 * {@code [0, 1]}.
 *
 * <p>A datagram of {@code w} wire bytes (UDP payload plus the profile's
 * {@linkplain LinkProfile#overheadBytes() per-datagram overhead}) occupies the direction for
 * {@code w * 8 / rateBitsPerSecond} seconds, behind every datagram that arrived before it; it then
 * propagates for {@code delay} plus a uniformly drawn extra in {@code [0, jitter]}. Jitter never
 * reorders: like RLC in-sequence delivery, a datagram is never released before the one ahead of it.
 *
 * @param rateBitsPerSecond bottleneck rate in bit/s, counting UDP payload plus overhead;
 *     {@link #UNLIMITED_RATE} for none
 * @param delay one-way base (propagation and scheduling) delay: the floor of this direction's latency
 * @param jitter upper bound of the uniform extra delay added to {@code delay}
 * @param loss probability that a datagram is lost on the link (after it has used its airtime)
 * @param reorder probability that a datagram is held back and released right after the next one in the
 *     same direction, or after at most {@link #reorderHold()} when none follows
 * @param duplicate probability that a datagram is delivered twice; the copy uses airtime too
 * @param queueLimitBytes bottleneck buffer in wire bytes, counting every datagram whose serialization
 *     has not finished; a datagram that does not fit is tail-dropped; {@link #UNLIMITED_QUEUE} for none
 */
public record PathProfile(
        long rateBitsPerSecond,
        Duration delay,
        Duration jitter,
        double loss,
        double reorder,
        double duplicate,
        long queueLimitBytes) {

    /** A rate that never delays: serialization takes no time. */
    public static final long UNLIMITED_RATE = Long.MAX_VALUE;
    /** A buffer that never fills. */
    public static final long UNLIMITED_QUEUE = Long.MAX_VALUE;
    /** No impairment at all: what {@link LinkProfile#LOOPBACK} uses in both directions. */
    public static final PathProfile UNIMPAIRED =
            new PathProfile(UNLIMITED_RATE, Duration.ZERO, Duration.ZERO, 0, 0, 0, UNLIMITED_QUEUE);

    /** The shortest time a reordered datagram waits for a successor, whatever the delay. */
    public static final Duration MIN_REORDER_HOLD = Duration.ofMillis(10);

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long MAX_WIRE_BYTES = Long.MAX_VALUE / (8 * NANOS_PER_SECOND);

    public PathProfile {
        if (rateBitsPerSecond <= 0) {
            throw new IllegalArgumentException("rate must be positive bit/s, was " + rateBitsPerSecond);
        }
        requireNonNegative("delay", delay);
        requireNonNegative("jitter", jitter);
        requireProbability("loss", loss);
        requireProbability("reorder", reorder);
        requireProbability("duplicate", duplicate);
        if (queueLimitBytes <= 0) {
            throw new IllegalArgumentException("queue limit must be positive bytes, was " + queueLimitBytes);
        }
    }

    /** The time a datagram of {@code wireBytes} occupies this direction, rounded up to the nanosecond. */
    public long serializationNanos(long wireBytes) {
        if (wireBytes < 0 || wireBytes > MAX_WIRE_BYTES) {
            throw new IllegalArgumentException("wire bytes out of range: " + wireBytes);
        }
        if (rateBitsPerSecond == UNLIMITED_RATE) {
            return 0;
        }
        long bitNanos = wireBytes * 8 * NANOS_PER_SECOND;
        long nanos = bitNanos / rateBitsPerSecond;
        return bitNanos % rateBitsPerSecond == 0 ? nanos : nanos + 1;
    }

    /** How long a datagram picked for reordering waits, at most, for a successor to overtake it. */
    public Duration reorderHold() {
        Duration hold = delay.plus(jitter);
        return hold.compareTo(MIN_REORDER_HOLD) < 0 ? MIN_REORDER_HOLD : hold;
    }

    public PathProfile withRate(long bitsPerSecond) {
        return new PathProfile(bitsPerSecond, delay, jitter, loss, reorder, duplicate, queueLimitBytes);
    }

    public PathProfile withDelay(Duration oneWayDelay) {
        return new PathProfile(rateBitsPerSecond, oneWayDelay, jitter, loss, reorder, duplicate, queueLimitBytes);
    }

    public PathProfile withJitter(Duration maxExtraDelay) {
        return new PathProfile(rateBitsPerSecond, delay, maxExtraDelay, loss, reorder, duplicate, queueLimitBytes);
    }

    public PathProfile withLoss(double probability) {
        return new PathProfile(rateBitsPerSecond, delay, jitter, probability, reorder, duplicate, queueLimitBytes);
    }

    public PathProfile withReorder(double probability) {
        return new PathProfile(rateBitsPerSecond, delay, jitter, loss, probability, duplicate, queueLimitBytes);
    }

    public PathProfile withDuplicate(double probability) {
        return new PathProfile(rateBitsPerSecond, delay, jitter, loss, reorder, probability, queueLimitBytes);
    }

    public PathProfile withQueueLimit(long bytes) {
        return new PathProfile(rateBitsPerSecond, delay, jitter, loss, reorder, duplicate, bytes);
    }

    private static void requireNonNegative(String name, Duration value) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be a non-negative duration, was " + value);
        }
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability in [0, 1], was " + value);
        }
    }
}
