package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.OLD;
import static io.cellota.server.campaign.CampaignFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.UpdateResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waves: a canary first, each next wave once the one before met its success threshold, pauses with reasons. */
class CampaignWaveTest {

    private final CampaignFixture f = CampaignFixture.given();

    @Test
    void only_the_canary_starts_and_the_next_wave_opens_once_it_meets_its_success_threshold() {
        List<String> devices = f.fleet.devices("dev", 10, OLD);
        f.start(spec(s -> s.withWaves(List.of(Wave.canary(2).withThresholds(100, 0), Wave.upTo(50), Wave.upTo(100)))));

        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01");
        assertThat(f.campaign().wave()).isZero();

        f.updates.succeed("dev-00");
        f.tick();
        assertThat(f.updates.starts()).as("one of two is below 100 %").hasSize(2);

        f.updates.succeed("dev-01");
        f.tick();
        assertThat(f.campaign().wave()).isEqualTo(1);
        assertThat(f.updates.starts()).containsExactlyElementsOf(devices.subList(0, 5));
        assertThat(f.events).anyMatch(e -> e.startsWith("wave 2: wave 2 opens: 2 of 2 devices of the canary"));

        f.succeedAll(10);
        assertThat(f.updates.starts()).containsExactlyElementsOf(devices);
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.FINISHED);
        assertThat(f.in(DeviceState.SUCCEEDED)).containsExactlyElementsOf(devices);
    }

    @Test
    void a_wave_crossing_its_failure_threshold_pauses_the_campaign_with_its_reason_and_running_updates_finish() {
        f.fleet.devices("dev", 20, OLD);
        f.start(spec(s -> s.withWaves(List.of(Wave.canary(5).withThresholds(80, 20), Wave.upTo(100)))));
        f.updates.fail("dev-00", UpdateResult.UPDATE_FAILED);
        f.tick();
        assertThat(f.campaign().status()).as("1 of 5 is 20 %, not more").isEqualTo(CampaignStatus.RUNNING);

        f.updates.fail("dev-01", UpdateResult.UPDATE_FAILED);
        f.tick();

        Campaign paused = f.campaign();
        assertThat(paused.status()).isEqualTo(CampaignStatus.PAUSED);
        assertThat(paused.pause().orElseThrow().kind()).isEqualTo(Pause.Kind.FAILURE_THRESHOLD);
        assertThat(paused.pause().get().reason()).contains("the canary (wave 1): 2 of 5 devices failed (40 %)",
                "failure threshold of 20 %", "Update Result 8: Firmware update failed (2)");
        assertThat(f.updates.running()).containsExactly("dev-02", "dev-03", "dev-04");

        f.succeedRunning();
        assertThat(f.in(DeviceState.SUCCEEDED)).containsExactly("dev-02", "dev-03", "dev-04");
        assertThat(f.updates.starts()).as("nothing new starts while paused").hasSize(5);
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.PAUSED);
    }

    @Test
    void after_a_resume_the_failures_so_far_are_accepted_and_one_more_pauses_again() {
        f.fleet.devices("dev", 10, OLD);
        f.start(spec(s -> s.withWaves(List.of(Wave.upTo(100).withThresholds(50, 10)))));
        f.updates.fail("dev-00", UpdateResult.INTEGRITY_CHECK_FAILURE);
        f.updates.fail("dev-01", UpdateResult.INTEGRITY_CHECK_FAILURE);
        f.tick();
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.PAUSED);

        f.engine().resume(f.id, f.now());
        f.tick();
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.RUNNING);
        f.updates.succeed("dev-02");
        f.tick();
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.RUNNING);

        f.updates.fail("dev-03", UpdateResult.CONNECTION_LOST);
        f.tick();
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.PAUSED);
        assertThat(f.campaign().pause().get().reason()).contains("3 of 10 devices failed");
    }

    @Test
    void a_wave_that_ends_below_its_success_threshold_pauses_and_resuming_opens_the_next_wave() {
        f.fleet.devices("dev", 10, OLD);
        f.start(spec(s -> s.withWaves(List.of(Wave.canary(4).withThresholds(100, 50), Wave.upTo(100)))));
        f.updates.fail("dev-00", UpdateResult.NOT_ENOUGH_FLASH);
        f.updates.succeed("dev-01");
        f.updates.succeed("dev-02");
        f.tick();
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.RUNNING);

        f.updates.succeed("dev-03");
        f.tick();
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.PAUSED);
        assertThat(f.campaign().pause().get().kind()).isEqualTo(Pause.Kind.SUCCESS_SHORTFALL);
        assertThat(f.campaign().pause().get().reason()).contains("ended with 3 of 4 devices succeeded (75 %)",
                "below its success threshold of 100 %");

        f.engine().resume(f.id, f.now());

        assertThat(f.campaign().wave()).isEqualTo(1);
        assertThat(f.updates.starts()).hasSize(10);
    }

    @Test
    void resuming_after_a_failure_pause_opens_the_next_wave_once_the_failed_wave_has_ended() {
        f.fleet.devices("dev", 8, OLD);
        f.start(spec(s -> s.withWaves(List.of(Wave.canary(4).withThresholds(100, 25), Wave.upTo(100)))));
        f.updates.fail("dev-00", UpdateResult.UPDATE_FAILED);
        f.updates.fail("dev-01", UpdateResult.UPDATE_FAILED);
        f.tick();
        assertThat(f.campaign().pause().orElseThrow().kind()).isEqualTo(Pause.Kind.FAILURE_THRESHOLD);
        f.engine().resume(f.id, f.now());
        assertThat(f.campaign().wave()).as("two of the canary still run").isZero();
        f.engine().pause(f.id, f.now());
        f.succeedRunning();

        f.engine().resume(f.id, f.now());

        assertThat(f.campaign().wave()).isEqualTo(1);
        assertThat(f.updates.starts()).hasSize(8);
        assertThat(f.events).anyMatch(e -> e.contains("wave 2 opens though the canary (wave 1) ended below"));
    }

    @Test
    void the_waves_reach_their_share_counted_from_the_start_and_the_last_reaches_every_device() {
        List<Wave> waves = List.of(Wave.canary(3), Wave.upTo(10), Wave.upTo(60), Wave.upTo(100));

        assertThat(Wave.reach(waves, 100)).containsExactly(3, 10, 60, 100);
        assertThat(Wave.reach(waves, 7)).containsExactly(3, 3, 5, 7);
        assertThat(Wave.reach(waves, 2)).containsExactly(2, 2, 2, 2);
        assertThat(Wave.reach(List.of(Wave.upTo(5).withThresholds(90, 10), Wave.upTo(100)), 30))
                .as("percentages round up: a canary never has none").containsExactly(2, 30);
    }

    @Test
    void empty_waves_open_one_after_the_other() {
        f.fleet.devices("dev", 2, OLD);
        f.start(spec(s -> s.withWaves(List.of(Wave.canary(1), Wave.upTo(10), Wave.upTo(20), Wave.upTo(100)))));

        f.updates.succeed("dev-00");
        f.tick();

        assertThat(f.campaign().wave()).isEqualTo(3);
        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01");
    }
}
