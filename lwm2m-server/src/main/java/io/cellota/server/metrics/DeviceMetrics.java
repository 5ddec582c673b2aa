package io.cellota.server.metrics;

import io.cellota.server.devices.DeviceRegistry;
import io.cellota.server.devices.DeviceSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/**
 * Devices and their LwM2M registrations (OMA-TS-LightweightM2M_Core 1.1, §6.2 Register, Update, De-register):
 * <ul>
 *   <li>{@code cellota.devices.registered}, {@code cellota.devices.awake}: gauges counted from the
 *       {@link DeviceRegistry} when scraped, so they are true by construction (one pass over the registry's
 *       memory per gauge and scrape, no database);</li>
 *   <li>{@code cellota.registrations}, {@code cellota.registration.updates}, {@code cellota.deregistrations}:
 *       counters of the registration events, fed by {@link #registered()}, {@link #updated()} and
 *       {@link #deregistered()}.</li>
 * </ul>
 * Thread-safe; the counting methods are quick and never block.
 */
public final class DeviceMetrics {

    private final Counter registrations;
    private final Counter updates;
    private final Counter deregistrations;

    /** Registers the gauges over {@code devices} and the counters in {@code meters}. */
    public DeviceMetrics(MeterRegistry meters, DeviceRegistry devices) {
        Objects.requireNonNull(meters, "meters");
        Objects.requireNonNull(devices, "devices");
        Gauge.builder("cellota.devices.registered", devices, d -> d.count(DeviceSnapshot::registered))
                .description("Devices with a current LwM2M registration").strongReference(true).register(meters);
        Gauge.builder("cellota.devices.awake", devices, d -> d.count(DeviceMetrics::awake))
                .description("Registered devices reachable now (queue-mode devices only for a while after an uplink)")
                .strongReference(true).register(meters);
        registrations = Counter.builder("cellota.registrations")
                .description("LwM2M Register operations accepted, first ones and those after a reboot")
                .register(meters);
        updates = Counter.builder("cellota.registration.updates")
                .description("LwM2M registration Update operations accepted").register(meters);
        deregistrations = Counter.builder("cellota.deregistrations")
                .description("Registrations ended by De-register or by expiry, not replaced by a new one")
                .register(meters);
    }

    private static boolean awake(DeviceSnapshot device) {
        return device.registered() && device.awake();
    }

    /** A device registered (the first time, or again after a reboot). */
    public void registered() {
        registrations.increment();
    }

    /** A device updated its registration. */
    public void updated() {
        updates.increment();
    }

    /** A registration ended without a new one taking its place. */
    public void deregistered() {
        deregistrations.increment();
    }
}
