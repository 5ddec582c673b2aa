package io.cellota.server.campaign;

import io.cellota.server.update.Preference;
import java.time.Duration;
import java.util.Objects;

/**
 * How a campaign treats each device: the delivery and protocol it asks the update engine for ({@link Preference}),
 * how long a device may take from its first start ({@code deviceDeadline}; a device asleep meanwhile is waiting,
 * not failing, until it passes, and then its update is cancelled and it fails), and the campaign's retries.
 */
public record RolloutPolicy(Preference preference, Duration deviceDeadline, Retries retries) {

    /** No preference, 7 days per device, no retries. */
    public static final RolloutPolicy DEFAULTS = new RolloutPolicy(Preference.NONE, Duration.ofDays(7), Retries.NONE);

    /** Checks every part is present and the deadline positive. */
    public RolloutPolicy {
        Objects.requireNonNull(preference, "preference");
        Objects.requireNonNull(deviceDeadline, "deviceDeadline");
        Objects.requireNonNull(retries, "retries");
        if (deviceDeadline.isNegative() || deviceDeadline.isZero()) {
            throw new IllegalArgumentException("the device deadline is positive, not " + deviceDeadline);
        }
    }

    /** This policy with another preference. */
    public RolloutPolicy withPreference(Preference p) {
        return new RolloutPolicy(p, deviceDeadline, retries);
    }

    /** This policy with another deadline. */
    public RolloutPolicy withDeviceDeadline(Duration d) {
        return new RolloutPolicy(preference, d, retries);
    }

    /** This policy with other retries. */
    public RolloutPolicy withRetries(Retries r) {
        return new RolloutPolicy(preference, deviceDeadline, r);
    }
}
