package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.OLD;
import static io.cellota.server.campaign.CampaignFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.UpdateResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Progress: counts per state for the campaign and each wave, throughput, estimated finish, failures by reason. */
class CampaignProgressTest {

    private final CampaignFixture f = CampaignFixture.given();

    @Test
    void counts_waves_throughput_estimate_and_failures_grouped_by_update_result_with_their_meaning() {
        f.fleet.devices("dev", 10, OLD);
        f.fleet.device("dev-current", CampaignFixture.FIRMWARE.targetVersion());
        f.start(spec(s -> s.withWaves(List.of(Wave.canary(4).withThresholds(50, 100), Wave.upTo(100)))
                .withPacing(Pacing.DEFAULTS.withMaxConcurrent(4))));
        f.clock.advance(Duration.ofMinutes(30));
        f.updates.succeed("dev-00");
        f.updates.fail("dev-01", UpdateResult.UPDATE_FAILED);
        f.updates.fail("dev-02", UpdateResult.UPDATE_FAILED);
        f.updates.fail("dev-03", UpdateResult.INTEGRITY_CHECK_FAILURE);
        f.tick();

        CampaignProgress p = f.progress();

        assertThat(p.total()).isEqualTo(11);
        assertThat(p.counts()).containsEntry(DeviceState.SUCCEEDED, 1L).containsEntry(DeviceState.FAILED, 3L)
                .containsEntry(DeviceState.SKIPPED, 1L).containsEntry(DeviceState.PENDING, 6L)
                .containsEntry(DeviceState.CANCELLED, 0L);
        assertThat(p.waves()).extracting(CampaignProgress.WaveProgress::devices).containsExactly(4L, 6L);
        assertThat(p.waves().get(0).counts()).containsEntry(DeviceState.FAILED, 3L);
        assertThat(p.waves().get(1).openedAt()).isEmpty();
        assertThat(p.failures()).containsExactly(
                new CampaignProgress.FailureGroup(Optional.of(UpdateResult.UPDATE_FAILED), "UPDATE_FAILED",
                        "Firmware update failed", 2),
                new CampaignProgress.FailureGroup(Optional.of(UpdateResult.INTEGRITY_CHECK_FAILURE),
                        "INTEGRITY_CHECK_FAILURE", "Integrity check failure for new downloaded package", 1));
        assertThat(p.throughputPerHour()).as("4 ended in 30 minutes").isEqualTo(8.0);
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.PAUSED);
        assertThat(p.estimatedFinish()).as("no estimate while paused").isEmpty();
    }

    @Test
    void the_estimated_finish_follows_the_rate_of_the_last_hour() {
        f.fleet.devices("dev", 9, OLD);
        f.start(spec(s -> s.withPacing(Pacing.DEFAULTS.withMaxConcurrent(3))));
        f.clock.advance(Duration.ofMinutes(20));
        f.succeedRunning();

        CampaignProgress p = f.progress();

        assertThat(p.throughputPerHour()).isEqualTo(9.0);
        assertThat(p.estimatedFinish()).as("6 left at 9 per hour").hasValue(f.now().plus(Duration.ofMinutes(40)));
        assertThat(p.downloading()).isEqualTo(3);
    }
}
