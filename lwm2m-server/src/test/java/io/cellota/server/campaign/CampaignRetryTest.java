package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.OLD;
import static io.cellota.server.campaign.CampaignFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.update.DeliveryPolicy;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The campaign's own retries: only for the chosen Update Results, as many as allowed, after a growing backoff. */
class CampaignRetryTest {

    private static final Retries TWICE_ON_4_AND_5 = new Retries(2,
            Set.of(UpdateResult.CONNECTION_LOST, UpdateResult.INTEGRITY_CHECK_FAILURE),
            new DeliveryPolicy.Backoff(Duration.ofMinutes(10), 3, Duration.ofHours(1)));

    private final CampaignFixture f = CampaignFixture.given();

    @Test
    void a_chosen_update_result_is_retried_after_the_backoff_and_not_before() {
        f.fleet.device("dev-a", OLD);
        f.start(spec(s -> s.withPolicy(RolloutPolicy.DEFAULTS.withRetries(TWICE_ON_4_AND_5))));
        f.updates.fail("dev-a", UpdateResult.CONNECTION_LOST);
        f.tick();

        CampaignDevice waiting = f.device("dev-a");
        assertThat(waiting.state()).isEqualTo(DeviceState.WAITING_RETRY);
        assertThat(waiting.notBefore()).hasValue(f.now().plus(Duration.ofMinutes(10)));
        assertThat(waiting.note()).contains("Update Result 4", "retry 1 of 2");

        f.after(Duration.ofMinutes(9));
        assertThat(f.updates.starts()).hasSize(1);
        f.after(Duration.ofMinutes(1));
        assertThat(f.updates.starts()).containsExactly("dev-a", "dev-a");
        assertThat(f.device("dev-a").attempt()).isEqualTo(2);
        assertThat(f.device("dev-a").state()).isEqualTo(DeviceState.RUNNING);

        f.updates.succeed("dev-a");
        f.tick();
        assertThat(f.state("dev-a")).isEqualTo(DeviceState.SUCCEEDED);
        assertThat(f.device("dev-a").updatePhase()).hasValue(io.cellota.server.update.UpdatePhase.SUCCEEDED);
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.FINISHED);
    }

    @Test
    void the_backoff_grows_and_once_the_retries_are_used_the_device_fails() {
        f.fleet.device("dev-a", OLD);
        f.start(spec(s -> s.withPolicy(RolloutPolicy.DEFAULTS.withRetries(TWICE_ON_4_AND_5))));
        f.updates.fail("dev-a", UpdateResult.CONNECTION_LOST);
        f.after(Duration.ofMinutes(10));
        f.updates.fail("dev-a", UpdateResult.INTEGRITY_CHECK_FAILURE);
        f.tick();
        assertThat(f.device("dev-a").notBefore()).as("10 min x 3").hasValue(f.now().plus(Duration.ofMinutes(30)));

        f.after(Duration.ofMinutes(30));
        f.updates.fail("dev-a", UpdateResult.CONNECTION_LOST);
        f.tick();

        CampaignDevice failed = f.device("dev-a");
        assertThat(failed.state()).isEqualTo(DeviceState.FAILED);
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.retries()).isEqualTo(2);
        assertThat(failed.failure().orElseThrow().updateResult()).hasValue(UpdateResult.CONNECTION_LOST);
        assertThat(f.store.attempts(f.id)).extracting(Attempt::number).containsExactly(1, 2, 3);
    }

    @Test
    void an_update_result_not_chosen_fails_the_device_at_once() {
        f.fleet.device("dev-a", OLD);
        f.start(spec(s -> s.withPolicy(RolloutPolicy.DEFAULTS.withRetries(TWICE_ON_4_AND_5))));

        f.updates.fail("dev-a", UpdateResult.UPDATE_FAILED);
        f.after(Duration.ofHours(2));

        assertThat(f.state("dev-a")).isEqualTo(DeviceState.FAILED);
        assertThat(f.updates.starts()).hasSize(1);
    }

    @Test
    void retries_are_only_for_failures() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Retries(1, Set.of(UpdateResult.SUCCESS),
                Retries.NONE.backoff())).hasMessageContaining("Update Result 1 (Firmware updated successfully)");
    }
}
