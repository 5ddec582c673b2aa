package io.cellota.device.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.testserver.TestLwM2mServer;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.testkit.ReferenceImages;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A fleet made by {@code cellota fleet}'s options registers, reports, and spreads its faults by the seed. */
class FleetIT {

    @TempDir
    Path dir;

    @Test
    void a_fleet_of_twenty_psk_devices_registers_and_reports_its_versions() throws Exception {
        Path key = ReferenceImages.copyTo(dir, "key-ed25519.pem");
        try (TestLwM2mServer server = new TestLwM2mServer()) {
            FleetCommand command = new FleetCommand();
            new CommandLine(command).parseArgs("--server", server.coapsUri().toString(), "--psk-key", "0011223344",
                    "--factory-key", key.toString(), "--state", dir.resolve("fleet").toString(), "-n", "20",
                    "--crash-new-firmware", "25", "--link", "loopback");
            List<DeviceConfig> configs = command.configs();
            for (DeviceConfig c : configs) {
                var psk = (io.cellota.device.lwm2m.DeviceCredentials.Psk) c.credentials();
                assertThat(psk.key()).isEqualTo(io.cellota.device.lwm2m.DeviceCredentials.Psk
                        .derived(c.endpoint(), new byte[] {0x00, 0x11, 0x22, 0x33, 0x44}).key());
                server.addPsk(c.endpoint(), psk.identity(), psk.key());
            }
            assertThat(configs).extracting(DeviceConfig::endpoint).startsWith("sim-0000", "sim-0001");
            assertThat(configs).filteredOn(c -> c.faults().newFirmwareCrashes()).hasSizeBetween(1, 12);
            assertThat(configs.get(0).trustedKeys()).containsExactly(PemKeys.readPublic(key));

            try (ClientResources shared = ClientResources.create(CoapTiming.LOOPBACK, 20);
                 Fleet fleet = Fleet.start(configs, shared, Clock.systemUTC(), 100)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.status().registered() == 20);

                Fleet.Status status = fleet.status();
                assertThat(status.versions()).containsEntry("0.1.0+0", 20L);
                assertThat(status.updateStates()).containsEntry("IDLE/0", 20L);
                assertThat(server.registration("sim-0013")).isNotNull();
            }
        }
    }
}
