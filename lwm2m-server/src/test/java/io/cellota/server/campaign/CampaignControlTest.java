package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.OLD;
import static io.cellota.server.campaign.CampaignFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.update.UpdatePhase;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The operator's commands (pause, resume, cancel soft and hard, retry-failed), busy devices and the deadline. */
class CampaignControlTest {

    private final CampaignFixture f = CampaignFixture.given();

    private void startFour() {
        f.fleet.devices("dev", 4, OLD);
        f.start(spec(s -> s.withPacing(Pacing.DEFAULTS.withMaxConcurrent(2))));
    }

    @Test
    void a_paused_campaign_starts_no_one_lets_running_updates_finish_and_goes_on_when_resumed() {
        startFour();
        f.engine().pause(f.id, f.now());
        assertThat(f.campaign().pause().orElseThrow().reason()).isEqualTo("paused by the operator");

        f.succeedRunning();
        assertThat(f.in(DeviceState.SUCCEEDED)).containsExactly("dev-00", "dev-01");
        assertThat(f.updates.starts()).hasSize(2);

        f.engine().resume(f.id, f.now());
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.RUNNING);
        assertThat(f.updates.starts()).hasSize(4);
        assertThat(f.events).contains("campaign PAUSED: paused by the operator",
                "campaign RUNNING: resumed by the operator");
    }

    @Test
    void a_soft_cancel_cancels_the_waiting_devices_and_lets_the_running_updates_finish() {
        startFour();

        f.engine().cancel(f.id, CancelMode.SOFT, f.now());

        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.CANCELLING);
        assertThat(f.in(DeviceState.CANCELLED)).containsExactly("dev-02", "dev-03");
        assertThat(f.updates.cancelled()).isEmpty();
        f.succeedRunning();
        assertThat(f.in(DeviceState.SUCCEEDED)).containsExactly("dev-00", "dev-01");
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.CANCELLED);
        assertThat(f.updates.starts()).hasSize(2);
    }

    @Test
    void a_hard_cancel_cancels_the_running_updates_on_the_devices_but_not_one_installing() {
        startFour();
        f.updates.move("dev-01", UpdatePhase.INSTALLING);
        f.tick();

        f.engine().cancel(f.id, CancelMode.HARD, f.now());

        assertThat(f.updates.cancelled()).containsExactly("dev-00", "dev-02");
        assertThat(f.state("dev-00")).isEqualTo(DeviceState.CANCELLED);
        assertThat(f.state("dev-01")).isEqualTo(DeviceState.RUNNING);
        assertThat(f.device("dev-01").note()).contains("installing already");
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.CANCELLING);

        f.updates.succeed("dev-01");
        f.tick();
        assertThat(f.state("dev-01")).isEqualTo(DeviceState.SUCCEEDED);
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.CANCELLED);
    }

    @Test
    void a_soft_cancel_may_be_made_hard_but_a_cancelled_campaign_is_not_cancelled_again() {
        startFour();
        f.engine().cancel(f.id, CancelMode.SOFT, f.now());
        f.engine().cancel(f.id, CancelMode.HARD, f.now());
        assertThat(f.updates.cancelled()).containsExactly("dev-00", "dev-01");
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.CANCELLED);

        assertThatThrownBy(() -> f.engine().cancel(f.id, CancelMode.HARD, f.now()))
                .isInstanceOf(CampaignRefusedException.class)
                .hasMessageContaining("campaign " + f.id + " is CANCELLED");
    }

    @Test
    void retry_failed_starts_the_failed_devices_again_and_reopens_a_finished_campaign() {
        f.fleet.devices("dev", 3, OLD);
        f.start(spec(s -> s.withWaves(java.util.List.of(Wave.upTo(100).withThresholds(0, 100)))));
        f.updates.fail("dev-01", UpdateResult.UPDATE_FAILED);
        f.succeedRunning();
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.FINISHED);

        f.engine().retryFailed(f.id, f.now());

        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.RUNNING);
        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-02", "dev-01");
        assertThat(f.device("dev-01").attempt()).isEqualTo(2);
        f.succeedRunning();
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.FINISHED);
        assertThat(f.counts()).containsEntry(DeviceState.SUCCEEDED, 3L).doesNotContainKey(DeviceState.FAILED);
    }

    @Test
    void commands_the_status_does_not_allow_are_refused_and_change_nothing() {
        startFour();

        assertThatThrownBy(() -> f.engine().start(f.id, f.now())).isInstanceOf(CampaignRefusedException.class)
                .hasMessageContaining("only a DRAFT campaign starts; campaign " + f.id + " is RUNNING");
        assertThatThrownBy(() -> f.engine().resume(f.id, f.now())).isInstanceOf(CampaignRefusedException.class);
        assertThatThrownBy(() -> f.engine().retryFailed(f.id, f.now())).isInstanceOf(CampaignRefusedException.class)
                .hasMessageContaining("no device");
        assertThatThrownBy(() -> f.engine().pause(new CampaignId("cmp-none"), f.now()))
                .isInstanceOfSatisfying(CampaignRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(CampaignRefusedException.Reason.NOT_FOUND));
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.RUNNING);
        assertThat(f.updates.starts()).hasSize(2);
    }

    @Test
    void a_draft_cancelled_is_cancelled_at_once() {
        f.create(spec(s -> s));

        f.engine().cancel(f.id, CancelMode.SOFT, f.now());

        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.CANCELLED);
    }

    @Test
    void a_device_busy_with_another_update_is_started_once_that_one_ends() {
        f.fleet.device("dev-a", OLD);
        f.updates.busy("dev-a", true);
        f.start(spec(s -> s));
        assertThat(f.updates.starts()).isEmpty();
        assertThat(f.device("dev-a").note()).isEqualTo("not started: the device is busy with update"
                + " operator-update-of-dev-a");
        assertThat(f.device("dev-a").attempt()).isZero();

        f.updates.busy("dev-a", false);
        f.after(Duration.ofSeconds(30));
        assertThat(f.updates.starts()).as("not before the recheck").isEmpty();
        f.after(Duration.ofSeconds(30));
        assertThat(f.updates.starts()).containsExactly("dev-a");
        assertThat(f.device("dev-a").attempt()).isEqualTo(1);
    }

    @Test
    void a_start_refused_in_a_race_with_another_update_is_an_attempt_that_never_ran_and_is_tried_again() {
        f.fleet.device("dev-a", OLD);
        f.updates.refuseNextStart("dev-a");
        f.start(spec(s -> s));
        assertThat(f.state("dev-a")).isEqualTo(DeviceState.PENDING);
        assertThat(f.device("dev-a").note()).isEqualTo("not started: device dev-a already has an update");

        f.after(Duration.ofMinutes(1));

        assertThat(f.updates.starts()).containsExactly("dev-a");
        assertThat(f.store.attempts(f.id)).extracting(Attempt::number).containsExactly(1, 2);
        assertThat(f.device("dev-a").updateId()).hasValue(f.updates.startedIds().get(0));
    }

    @Test
    void a_device_past_its_deadline_has_its_update_cancelled_and_fails_but_one_installing_goes_on() {
        f.fleet.devices("dev", 2, OLD);
        f.start(spec(s -> s.withPolicy(RolloutPolicy.DEFAULTS.withDeviceDeadline(Duration.ofHours(6)))));
        f.updates.move("dev-01", UpdatePhase.INSTALLING);
        f.after(Duration.ofHours(5));
        assertThat(f.updates.cancelled()).as("asleep is waiting, not failing").isEmpty();

        f.after(Duration.ofHours(1));

        CampaignDevice late = f.device("dev-00");
        assertThat(late.state()).isEqualTo(DeviceState.FAILED);
        assertThat(late.failure().orElseThrow().reason()).isEqualTo(DeviceFailure.DEVICE_DEADLINE);
        assertThat(late.failure().get().meaning()).contains("device deadline");
        assertThat(f.state("dev-01")).isEqualTo(DeviceState.RUNNING);
        f.updates.succeed("dev-01");
        f.tick();
        assertThat(f.state("dev-01")).isEqualTo(DeviceState.SUCCEEDED);
    }
}
