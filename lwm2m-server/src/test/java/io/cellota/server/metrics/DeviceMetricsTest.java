package io.cellota.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.server.devices.DeviceRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Registered and awake devices as the registry has them, and the registration events as counters. */
class DeviceMetricsTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final DeviceRegistry devices = new DeviceRegistry();
    private final DeviceMetrics metrics = new DeviceMetrics(meters, devices);

    @Test
    void the_gauges_count_registered_devices_and_those_awake_now() {
        register("dev-1");
        register("dev-2");
        register("dev-3");
        devices.update("dev-2", s -> s.withPresence(false, Optional.empty()));
        devices.update("dev-3", s -> s.withoutRegistration());
        devices.update("known-only", s -> s);

        assertThat(gauge("cellota.devices.registered")).isEqualTo(2);
        assertThat(gauge("cellota.devices.awake")).isEqualTo(1);
    }

    @Test
    void a_device_seen_after_its_registration_ended_is_not_awake() {
        register("dev-1");
        devices.update("dev-1", s -> s.withoutRegistration());
        devices.update("dev-1", s -> s.withPresence(true, Optional.of(NOW)));

        assertThat(gauge("cellota.devices.registered")).isZero();
        assertThat(gauge("cellota.devices.awake")).isZero();
    }

    @Test
    void registration_events_are_counted_each_by_its_kind() {
        metrics.registered();
        metrics.registered();
        metrics.updated();
        metrics.updated();
        metrics.updated();
        metrics.deregistered();

        assertThat(meters.get("cellota.registrations").counter().count()).isEqualTo(2);
        assertThat(meters.get("cellota.registration.updates").counter().count()).isEqualTo(3);
        assertThat(meters.get("cellota.deregistrations").counter().count()).isEqualTo(1);
    }

    private void register(String endpoint) {
        devices.update(endpoint, s -> s.withRegistration("reg-" + endpoint, "1.1", "UQ", true, "10.0.0.1:5683", NOW));
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }
}
