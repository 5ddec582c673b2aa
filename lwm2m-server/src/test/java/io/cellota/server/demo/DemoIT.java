package io.cellota.server.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.link.LinkProfile;
import io.cellota.device.sim.SimulatedDevice;
import io.cellota.firmware.image.ImageVersion;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cellota demo} end to end on loopback ports: the fleet registers over the emulated LTE-M link, the release
 * is uploaded and rolled out by a campaign through the API, the devices set to fail fail with their own reason
 * and the others run the new version; a second run on the same data directory rolls out the next version to the
 * same fleet.
 */
class DemoIT {

    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private DemoSettings settings(int devices, int failing) {
        return new DemoSettings(dir, devices, failing, LinkProfile.LTE_M, 8 * 1024, 7L, 50.0, Optional.empty(),
                Optional.of(0), Optional.of(0), Optional.of(0), Optional.of("127.0.0.1"), Map.of());
    }

    private static JsonNode awaitEnd(Demo demo) {
        return await().atMost(WAIT).until(demo::campaign, c -> c.path("status").asText().equals("FINISHED")
                || c.path("status").asText().equals("PAUSED"));
    }

    @Test
    void the_demo_rolls_the_release_out_to_its_fleet_and_a_second_run_rolls_out_the_next() throws Exception {
        StringWriter out = new StringWriter();
        int devices = 12;
        int failing = 1;
        try (Demo demo = Demo.start(settings(devices, failing), new PrintWriter(out, true), Clock.systemUTC())) {
            JsonNode campaign = awaitEnd(demo);

            assertThat(campaign.path("status").asText()).as(campaign.toString()).isEqualTo("FINISHED");
            assertThat(demo.version()).isEqualTo("1.1.0");
            assertThat(campaign.at("/counts/SUCCEEDED").asInt()).as(campaign.toString()).isEqualTo(devices - failing);
            assertThat(campaign.at("/counts/FAILED").asInt()).as(campaign.toString()).isEqualTo(failing);
            assertThat(demo.fleet().devices()).filteredOn(d -> version(d).equals("1.1.0")).hasSize(devices - failing);
            assertThat(demo.fleet().devices()).filteredOn(d -> version(d).equals("1.0.0")).hasSize(failing);
            assertThat(demo.link().stats().downlink().forwardedBytes()).as("everything went over the emulated link")
                    .isGreaterThan((long) (devices - failing) * 8 * 1024);
            assertThat(out.toString()).contains("registering 12 device credentials", "12 of 12 devices registered",
                    "uploaded firmware", "campaign " + demo.campaignId() + " started");
        }

        try (Demo again = Demo.start(settings(devices, failing), new PrintWriter(out, true), Clock.systemUTC())) {
            JsonNode campaign = awaitEnd(again);

            assertThat(again.version()).isEqualTo("1.2.0");
            assertThat(campaign.path("status").asText()).as(campaign.toString()).isEqualTo("FINISHED");
            assertThat(again.fleet().devices()).filteredOn(d -> version(d).equals("1.2.0"))
                    .hasSize(devices - failing);
        }
    }

    private static String version(SimulatedDevice d) {
        ImageVersion v = d.runningVersion().orElseThrow();
        return v.major() + "." + v.minor() + "." + v.revision();
    }
}
