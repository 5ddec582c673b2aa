package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.OLD;
import static io.cellota.server.campaign.CampaignFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.server.update.UpdatePhase;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Pacing: the fleet-wide and per-cell caps on downloads (the cell's and the server's shared by the campaigns running
 * at once), the bandwidth budget, and RSRP deferral.
 */
class CampaignPacingTest {

    private final CampaignFixture f = CampaignFixture.given();

    @Test
    void no_more_than_the_cap_download_at_once_and_a_device_told_to_install_frees_its_slot() {
        f.fleet.devices("dev", 10, OLD);
        f.start(spec(s -> s.withPacing(Pacing.DEFAULTS.withMaxConcurrent(3))));
        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-02");

        f.updates.move("dev-00", UpdatePhase.DOWNLOADING);
        f.tick();
        assertThat(f.updates.starts()).as("still downloading").hasSize(3);

        f.updates.move("dev-00", UpdatePhase.INSTALLING);
        f.tick();
        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-02", "dev-03");
        assertThat(f.progress().downloading()).isEqualTo(3);

        f.updates.succeed("dev-01");
        f.tick();
        assertThat(f.updates.starts()).hasSize(5);
    }

    @Test
    void no_more_than_the_cap_per_cell_download_at_once_and_devices_of_other_cells_go_on() {
        List<String> devices = f.fleet.devices("dev", 6, OLD);
        for (int i = 0; i < 6; i++) {
            f.fleet.radio(devices.get(i), -90, i < 4 ? 1001 : 2002);
        }
        f.start(spec(s -> s.withPacing(Pacing.DEFAULTS.withMaxPerCell(2))));

        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-04", "dev-05");

        f.updates.succeed("dev-04");
        f.tick();
        assertThat(f.updates.starts()).as("cell 2002 has no device left").hasSize(4);

        f.updates.succeed("dev-00");
        f.tick();
        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-04", "dev-05", "dev-02");
        assertThat(f.device("dev-02").cellId()).hasValue(1001);
    }

    @Test
    void campaigns_running_at_once_share_a_cell_s_cap() {
        List<String> devices = f.fleet.devices("dev", 8, OLD);
        devices.forEach(d -> f.fleet.radio(d, -90, 1001));
        f.start(spec(s -> s.withTarget(only(devices.subList(0, 4))).withPacing(Pacing.DEFAULTS.withMaxPerCell(3))));
        f.start(spec(s -> s.withTarget(only(devices.subList(4, 8))).withPacing(Pacing.DEFAULTS.withMaxPerCell(3))));

        assertThat(f.updates.starts()).as("three in the cell, whichever campaign").containsExactly("dev-00", "dev-01",
                "dev-02");
        f.updates.succeed("dev-00");
        f.updates.succeed("dev-01");
        f.tick();
        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-02", "dev-03", "dev-04");
    }

    @Test
    void campaigns_running_at_once_stay_within_the_server_wide_cap_together() {
        f.serverMaxConcurrent = 4;
        List<String> devices = f.fleet.devices("dev", 8, OLD);
        f.start(spec(s -> s.withTarget(only(devices.subList(0, 4))).withPacing(Pacing.DEFAULTS.withMaxConcurrent(3))));
        f.start(spec(s -> s.withTarget(only(devices.subList(4, 8))).withPacing(Pacing.DEFAULTS.withMaxConcurrent(3))));

        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-02", "dev-04");
        f.updates.succeed("dev-04");
        f.tick();
        assertThat(f.updates.starts()).as("the first campaign is at its own cap").hasSize(5).endsWith("dev-05");
    }

    private static Target only(List<String> endpoints) {
        return new Target(endpoints, Set.of(), Set.of(), Set.of(), false);
    }

    @Test
    void a_device_without_a_known_cell_counts_against_the_fleet_cap_only() {
        f.fleet.devices("dev", 4, OLD);
        f.fleet.radio("dev-00", -90, 7);
        f.start(spec(s -> s.withPacing(Pacing.DEFAULTS.withMaxPerCell(1).withMaxConcurrent(3))));

        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-02");
    }

    @Test
    void the_bandwidth_budget_spaces_the_starts_by_the_image_size() {
        f.fleet.devices("dev", 5, OLD);
        // 100 000 bytes at 10 000 bytes/s: one device every 10 s
        f.start(spec(s -> s.withPacing(Pacing.DEFAULTS.withBytesPerSecond(10_000))));
        assertThat(f.updates.starts()).hasSize(1);

        f.after(Duration.ofSeconds(5));
        assertThat(f.updates.starts()).hasSize(1);
        f.after(Duration.ofSeconds(4));
        assertThat(f.updates.starts()).as("within a second of its turn").hasSize(2);
        f.after(Duration.ofSeconds(10));
        assertThat(f.updates.starts()).hasSize(3);
        f.after(Duration.ofSeconds(60));
        assertThat(f.updates.starts()).as("no burst after a quiet minute beyond one second's worth").hasSize(4);
    }

    @Test
    void a_small_image_under_a_large_budget_starts_several_devices_at_once() {
        f.fleet.devices("dev", 8, OLD);
        f.start(spec(s -> s.withPacing(Pacing.DEFAULTS.withBytesPerSecond(250_000))));

        // 100 000 bytes take 0.4 s of a 250 000 bytes/s budget; one second ahead allows 3, the fourth would be 1.2 s
        assertThat(f.updates.starts()).hasSize(3);
    }

    @Test
    void a_device_below_the_minimum_rsrp_is_deferred_and_started_once_its_signal_is_good_enough() {
        f.fleet.devices("dev", 2, OLD);
        f.fleet.radio("dev-00", -125, 1);
        f.fleet.radio("dev-01", -100, 1);
        f.start(spec(s -> s.withPacing(Pacing.DEFAULTS.withMinRsrp(-120))));

        assertThat(f.updates.starts()).containsExactly("dev-01");
        assertThat(f.state("dev-00")).isEqualTo(DeviceState.DEFERRED);
        assertThat(f.device("dev-00").note()).isEqualTo("deferred: RSRP -125 dBm is below -120 dBm");

        f.fleet.radio("dev-00", -110, 1);
        f.tick();

        assertThat(f.updates.starts()).containsExactly("dev-01", "dev-00");
        assertThat(f.state("dev-00")).isEqualTo(DeviceState.RUNNING);
    }
}
