package io.cellota.server.campaign;

import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.update.DeliveryPolicy;
import io.cellota.server.update.Failure;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * The campaign's own retries, on top of the update engine's ({@link DeliveryPolicy}): a device whose update failed
 * with an Update Result in {@code on} gets a new update after the backoff, at most {@code max} times. Any other
 * failure is final for the campaign (until {@code retry-failed}).
 */
public record Retries(int max, Set<UpdateResult> on, DeliveryPolicy.Backoff backoff) {

    /** No retries. */
    public static final Retries NONE = new Retries(0, Set.of(),
            new DeliveryPolicy.Backoff(Duration.ofMinutes(5), 2, Duration.ofHours(1)));

    /** Checks the count, that every result is a failure (2 to 9), and copies. */
    public Retries {
        if (max < 0 || max > 100) {
            throw new IllegalArgumentException("retries are 0 to 100, not " + max);
        }
        on = Set.copyOf(on);
        for (UpdateResult r : on) {
            if (!r.isFailure()) {
                throw new IllegalArgumentException("Update Result " + r.code() + " (" + r.description()
                        + ") is not a failure; retries are for 2 to 9");
            }
        }
        Objects.requireNonNull(backoff, "backoff");
    }

    /** Whether a device that failed with {@code failure} after {@code used} retries gets another. */
    public boolean allow(Failure failure, int used) {
        return used < max && failure.updateResult().filter(on::contains).isPresent();
    }

    /** The wait before retry {@code n} (from 1). */
    public Duration delay(int n) {
        return backoff.delay(n);
    }
}
