package io.cellota.device.download;

import java.time.Duration;
import java.util.Optional;

/**
 * The retransmission timeout of RFC 6298 §2, bounded: a smoothed round-trip time (SRTT) and its variation
 * (RTTVAR) from samples of answered requests, {@code RTO = SRTT + max(G, 4 * RTTVAR)} clamped to
 * {@code [min, max]}, doubled on each timeout (§5.5) until the next sample. Callers feed only samples of
 * requests that were never retransmitted (Karn's algorithm, §3). Not thread-safe; a pure value holder.
 */
final class RttEstimator {

    /** The clock granularity G of RFC 6298: one millisecond. */
    static final long GRANULARITY_NANOS = 1_000_000L;

    private final long minNanos;
    private final long maxNanos;
    private long srtt = -1;
    private long rttvar;
    private long minRtt = Long.MAX_VALUE;
    private long rto;

    RttEstimator(Duration initial, Duration min, Duration max) {
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
        if (minNanos <= 0 || maxNanos < minNanos) {
            throw new IllegalArgumentException("RTO bounds must satisfy 0 < min <= max, were " + min + ", " + max);
        }
        this.rto = clamp(initial.toNanos());
    }

    /** Takes one round-trip sample (RFC 6298 §2.2 for the first, §2.3 after). */
    void sample(Duration rtt) {
        long r = Math.max(rtt.toNanos(), 1);
        if (srtt < 0) {
            srtt = r;
            rttvar = r / 2;
        } else {
            rttvar = (3 * rttvar + Math.abs(srtt - r)) / 4;
            srtt = (7 * srtt + r) / 8;
        }
        minRtt = Math.min(minRtt, r);
        rto = clamp(srtt + Math.max(GRANULARITY_NANOS, 4 * rttvar));
    }

    /** A request timed out: double the RTO, bounded (RFC 6298 §5.5). */
    void backOff() {
        rto = clamp(rto > maxNanos / 2 ? maxNanos : 2 * rto);
    }

    Duration rto() {
        return Duration.ofNanos(rto);
    }

    /** The smoothed round-trip time, once a sample has been taken. */
    Optional<Duration> srtt() {
        return srtt < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(srtt));
    }

    /** The smallest round trip seen: the path's propagation delay without queueing. */
    Optional<Duration> minRtt() {
        return srtt < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(minRtt));
    }

    private long clamp(long nanos) {
        return Math.max(minNanos, Math.min(maxNanos, nanos));
    }
}
