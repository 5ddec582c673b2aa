package io.cellota.device.radio;

import java.time.Duration;

/**
 * Power saving mode as a device requests it from the network (3GPP TS 24.008 timers).
 *
 * @param enabled     whether the device sleeps at all; without PSM it is always reachable
 * @param activeTime  T3324: how long the device stays reachable after its last uplink
 * @param periodicTau T3412 extended: how often it wakes by itself (its LwM2M Update period)
 */
public record PsmConfig(boolean enabled, Duration activeTime, Duration periodicTau) {

    public PsmConfig {
        if (activeTime.isNegative() || periodicTau.isNegative() || periodicTau.isZero()) {
            throw new IllegalArgumentException("active time must not be negative and the TAU must be positive");
        }
    }

    /** Always reachable. */
    public static PsmConfig off() {
        return new PsmConfig(false, Duration.ZERO, Duration.ofHours(1));
    }

    public static PsmConfig of(Duration activeTime, Duration periodicTau) {
        return new PsmConfig(true, activeTime, periodicTau);
    }
}
