package io.cellota.server.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.sim.SimulatedDevice;
import io.cellota.device.testkit.TestDevices;
import io.cellota.server.devices.DeviceRegistry;
import io.cellota.server.devices.DeviceSnapshot;
import io.cellota.server.devices.InMemoryCredentialRepository;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker reads what a device is after each registration, model ({@code /3/0/1}), firmware ({@code /3/0/3}) and
 * radio ({@code /4/0}), into the registry, and only then tells its listeners the device is identified (campaigns
 * decide dynamic joins there).
 */
class DeviceTrackerIT {

    private static final ClientResources DEVICES = ClientResources.create(CoapTiming.LOOPBACK, 2);

    @TempDir
    Path dir;

    @AfterAll
    static void release() {
        DEVICES.close();
    }

    @Test
    void a_registered_device_is_identified_once_its_model_version_and_radio_are_in_the_registry() throws Exception {
        DeviceRegistry registry = new DeviceRegistry();
        List<DeviceSnapshot> identified = new CopyOnWriteArrayList<>();
        Lwm2mServer[] server = new Lwm2mServer[1];
        DeviceTracker tracker = new DeviceTracker(registry, () -> server[0], Clock.systemUTC());
        tracker.addListener(new DeviceEvents() {
            @Override
            public void identified(String endpoint) {
                identified.add(registry.find(endpoint).orElseThrow());
            }
        });
        InetAddress lo = InetAddress.getLoopbackAddress();
        server[0] = Lwm2mServer.create(new Lwm2mServer.Settings(new InetSocketAddress(lo, 0),
                new InetSocketAddress(lo, 0), ServerCoapSettings.CELLULAR.withAckTimeout(Duration.ofMillis(500)),
                Duration.ofSeconds(30), Optional.empty()), new InMemoryCredentialRepository(), tracker);
        try (Lwm2mServer lwm2m = server[0]) {
            lwm2m.start();
            try (SimulatedDevice device = SimulatedDevice.create(TestDevices.config("dev-id", lwm2m.coapUri(),
                    new DeviceCredentials.NoSec(), dir.resolve("dev-id")), DEVICES, Clock.systemUTC())) {
                device.powerOn();

                await().atMost(Duration.ofSeconds(30)).until(() -> !identified.isEmpty());

                DeviceSnapshot seen = identified.get(0);
                assertThat(seen.model()).hasValue("nRF9160-SICA");
                assertThat(seen.firmwareVersion()).hasValue("1.0.0+0");
                assertThat(seen.cellId()).hasValue(0x1234);
                assertThat(seen.rsrp()).isPresent();
            }
        }
    }
}
