package io.cellota.server.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a failed delivery is tried again: after {@code first}, doubling at each failure up to {@code longest}
 * between attempts; a delivery older than {@code giveUpAfter} is given up instead. With the defaults (10 s,
 * 10 min, 3 days) a receiver can be down over a long weekend and still get every event, in order.
 */
public record RetryPolicy(Duration first, Duration longest, Duration giveUpAfter) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(10), Duration.ofMinutes(10),
            Duration.ofDays(3));

    public RetryPolicy {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(longest, "longest");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || giveUpAfter.isNegative()) {
            throw new IllegalArgumentException("need 0 < first <= longest and a non-negative give-up age");
        }
    }

    /** The wait after the {@code failures}-th failed attempt (1 for the first). */
    public Duration backoff(int failures) {
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        Duration d = first.multipliedBy(1L << doublings);
        return d.compareTo(longest) > 0 ? longest : d;
    }

    /** Whether a delivery created at {@code created} is given up after failing at {@code now}. */
    public boolean givesUp(Instant created, Instant now) {
        return Duration.between(created, now).compareTo(giveUpAfter) >= 0;
    }
}
