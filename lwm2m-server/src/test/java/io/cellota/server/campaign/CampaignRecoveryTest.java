package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.OLD;
import static io.cellota.server.campaign.CampaignFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.server.campaign.jdbc.JdbcCampaignStore;
import io.cellota.server.store.Database;
import io.cellota.server.store.DatabaseConfig;
import io.cellota.server.update.UpdatePhase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Restart recovery: a new engine over the same store (and the same update engine) continues every campaign where it
 * was; a start saved but never handed over is handed over once, under its update id; one handed over but not saved
 * as running is adopted, not started again; what the update engine finished meanwhile is applied; a cancel saved but
 * not sent is sent.
 */
class CampaignRecoveryTest {

    @TempDir
    static Path dir;

    private static Database database;
    private CampaignFixture f;

    static Stream<Function<Path, CampaignStore>> stores() {
        return Stream.of(p -> new InMemoryCampaignStore(), p -> {
            database = Database.open(DatabaseConfig.embedded(p.resolve("db-" + System.nanoTime())));
            return new JdbcCampaignStore(database);
        });
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void a_new_engine_continues_the_campaign_and_no_device_is_started_twice(Function<Path, CampaignStore> store) {
        f = CampaignFixture.given(store.apply(dir));
        List<String> devices = f.fleet.devices("dev", 12, OLD);
        f.start(spec(s -> s.withWaves(List.of(Wave.canary(2), Wave.upTo(50), Wave.upTo(100)))
                .withPacing(Pacing.DEFAULTS.withMaxConcurrent(3))));
        f.succeedRunning();
        f.updates.succeed("dev-02");
        f.updates.move("dev-03", UpdatePhase.DOWNLOADING);

        f.newEngine();
        f.tick();
        f.newEngine();
        f.succeedAll(20);

        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.FINISHED);
        assertThat(f.in(DeviceState.SUCCEEDED)).containsExactlyElementsOf(devices);
        assertThat(f.updates.starts()).containsExactlyInAnyOrderElementsOf(devices);
        assertThat(f.store.attempts(f.id)).extracting(Attempt::endpoint).containsExactlyInAnyOrderElementsOf(devices);
    }

    @Test
    void a_start_saved_but_never_handed_over_is_handed_over_once_after_the_restart_under_its_update_id() {
        f = CampaignFixture.given();
        f.fleet.device("dev-a", OLD);
        f.updates.failStarts(true);
        f.start(spec(s -> s));
        assertThat(f.state("dev-a")).isEqualTo(DeviceState.STARTING);

        f.updates.failStarts(false);
        f.newEngine();

        assertThat(f.updates.starts()).containsExactly("dev-a");
        assertThat(f.updates.startedIds()).containsExactly(f.store.attempts(f.id).get(0).updateId());
        assertThat(f.state("dev-a")).isEqualTo(DeviceState.RUNNING);
        f.tick();
        assertThat(f.updates.starts()).hasSize(1);
    }

    @Test
    void a_start_handed_over_but_not_saved_as_running_is_adopted_and_not_started_again() {
        CrashingCampaignStore crashing = new CrashingCampaignStore(new InMemoryCampaignStore());
        f = CampaignFixture.given(crashing);
        f.fleet.device("dev-a", OLD);
        crashing.crashOnce(c -> c.changed().stream().anyMatch(d -> d.state() == DeviceState.RUNNING));
        f.start(spec(s -> s));
        assertThat(f.state("dev-a")).isEqualTo(DeviceState.STARTING);
        assertThat(f.updates.starts()).containsExactly("dev-a");

        f.newEngine();
        f.tick();

        assertThat(f.state("dev-a")).isEqualTo(DeviceState.RUNNING);
        assertThat(f.updates.starts()).containsExactly("dev-a");
        assertThat(f.store.attempts(f.id)).hasSize(1);
    }

    @Test
    void an_update_that_ended_while_the_campaign_engine_was_down_is_applied_at_recovery() {
        f = CampaignFixture.given();
        f.fleet.devices("dev", 3, OLD);
        f.start(spec(s -> s.withWaves(List.of(Wave.canary(1), Wave.upTo(100)))));
        f.updates.reportTo(null);
        f.updates.succeed("dev-00");

        f.newEngine();
        f.tick();

        assertThat(f.state("dev-00")).isEqualTo(DeviceState.SUCCEEDED);
        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-02");
    }

    @Test
    void a_cancel_saved_but_not_sent_is_sent_after_the_restart() {
        CrashingCampaignStore crashing = new CrashingCampaignStore(new InMemoryCampaignStore());
        f = CampaignFixture.given(crashing);
        f.fleet.device("dev-a", OLD);
        f.start(spec(s -> s.withPolicy(RolloutPolicy.DEFAULTS.withDeviceDeadline(Duration.ofHours(1)))));
        // the crash comes right after the cancel request was saved: the commit of the answer never happens
        crashing.crashOnce(c -> c.changed().stream().anyMatch(d -> d.state() == DeviceState.FAILED));
        f.after(Duration.ofHours(1));
        assertThat(f.device("dev-a").cancelRequested()).hasValue(CancelCause.DEADLINE);
        assertThat(f.state("dev-a")).isEqualTo(DeviceState.RUNNING);

        f.newEngine();
        f.tick();

        assertThat(f.state("dev-a")).isEqualTo(DeviceState.FAILED);
        assertThat(f.device("dev-a").failure().orElseThrow().reason()).isEqualTo(DeviceFailure.DEVICE_DEADLINE);
        assertThat(f.campaign().pause().orElseThrow().reason()).as("1 of 1 is above the default 10 %")
                .contains("1 of 1 devices failed");
    }
}
