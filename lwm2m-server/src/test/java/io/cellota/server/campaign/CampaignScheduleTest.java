package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.OLD;
import static io.cellota.server.campaign.CampaignFixture.START;
import static io.cellota.server.campaign.CampaignFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedule: start and end time, and daily windows in a named time zone. */
class CampaignScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DailyWindow NIGHT = new DailyWindow(LocalTime.of(1, 0), LocalTime.of(5, 0));

    private final CampaignFixture f = CampaignFixture.given();

    @Test
    void a_campaign_waits_for_its_start_time_and_chooses_its_devices_when_it_comes() {
        f.fleet.devices("dev", 2, OLD);
        f.start(spec(s -> s.withSchedule(Schedule.ANYTIME.withStartAt(START.plus(Duration.ofHours(2))))));
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.SCHEDULED);
        f.fleet.device("dev-late", OLD);

        f.after(Duration.ofMinutes(119));
        assertThat(f.updates.starts()).isEmpty();
        assertThat(f.store.devices(f.id)).isEmpty();

        f.after(Duration.ofMinutes(1));
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.RUNNING);
        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-late");
    }

    @Test
    void at_the_end_time_nothing_new_starts_running_updates_finish_and_the_waiting_devices_expire() {
        f.fleet.devices("dev", 4, OLD);
        f.start(spec(s -> s.withPacing(Pacing.DEFAULTS.withMaxConcurrent(2))
                .withSchedule(Schedule.ANYTIME.withEndAt(START.plus(Duration.ofHours(1))))));
        f.updates.succeed("dev-00");
        f.tick();
        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-02");

        f.after(Duration.ofHours(1));
        assertThat(f.in(DeviceState.EXPIRED)).containsExactly("dev-03");
        assertThat(f.campaign().status()).as("dev-01 and dev-02 still run").isEqualTo(CampaignStatus.RUNNING);

        f.succeedRunning();
        assertThat(f.updates.starts()).hasSize(3);
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.FINISHED);
        assertThat(f.in(DeviceState.SUCCEEDED)).containsExactly("dev-00", "dev-01", "dev-02");
    }

    @Test
    void outside_its_daily_window_nothing_starts_and_inside_it_the_devices_do() {
        f.fleet.devices("dev", 3, OLD);
        // 10:00 UTC is 11:00 in Berlin (winter time): outside 01:00-05:00
        f.start(spec(s -> s.withSchedule(Schedule.ANYTIME.withWindows(BERLIN, List.of(NIGHT)))));
        assertThat(f.updates.starts()).isEmpty();
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.RUNNING);

        f.clock.set(Instant.parse("2026-03-02T23:59:00Z"));
        f.tick();
        assertThat(f.updates.starts()).as("00:59 in Berlin").isEmpty();

        f.after(Duration.ofMinutes(1));
        assertThat(f.updates.starts()).as("01:00 in Berlin").hasSize(3);
    }

    @Test
    void updates_running_when_the_window_closes_finish_and_the_rest_wait_for_the_next_window() {
        f.fleet.devices("dev", 3, OLD);
        f.clock.set(Instant.parse("2026-03-03T03:50:00Z"));
        f.start(spec(s -> s.withPacing(Pacing.DEFAULTS.withMaxConcurrent(2))
                .withSchedule(Schedule.ANYTIME.withWindows(BERLIN, List.of(NIGHT)))));
        assertThat(f.updates.starts()).as("04:50 in Berlin").containsExactly("dev-00", "dev-01");

        f.after(Duration.ofMinutes(10));
        f.updates.succeed("dev-00");
        f.tick();
        assertThat(f.updates.starts()).as("05:00 in Berlin: closed").hasSize(2);
        f.updates.succeed("dev-01");
        f.tick();
        assertThat(f.in(DeviceState.SUCCEEDED)).containsExactly("dev-00", "dev-01");

        f.clock.set(Instant.parse("2026-03-04T00:00:00Z"));
        f.tick();
        assertThat(f.updates.starts()).as("01:00 the next night").containsExactly("dev-00", "dev-01", "dev-02");
    }

    @Test
    void a_daily_window_follows_local_time_across_the_change_to_summer_time() {
        f.fleet.devices("dev", 2, OLD);
        f.clock.set(Instant.parse("2026-03-29T23:30:00Z"));
        // Berlin changed to summer time (UTC+2) on 29 March: 23:30 UTC is 01:30 local, inside the window,
        // though it was 00:30 local, outside, a day before
        f.start(spec(s -> s.withSchedule(Schedule.ANYTIME.withWindows(BERLIN, List.of(NIGHT)))));

        assertThat(f.updates.starts()).hasSize(2);
        assertThat(NIGHT.contains(Instant.parse("2026-03-27T23:30:00Z").atZone(BERLIN).toLocalTime())).isFalse();
    }

    @Test
    void a_window_over_midnight_includes_its_start_and_excludes_its_end() {
        DailyWindow late = new DailyWindow(LocalTime.of(22, 0), LocalTime.of(2, 0));

        assertThat(late.contains(LocalTime.of(22, 0))).isTrue();
        assertThat(late.contains(LocalTime.of(23, 59))).isTrue();
        assertThat(late.contains(LocalTime.of(1, 59))).isTrue();
        assertThat(late.contains(LocalTime.of(2, 0))).isFalse();
        assertThat(late.contains(LocalTime.of(12, 0))).isFalse();
    }

    @Test
    void a_campaign_whose_end_time_passed_is_not_started() {
        f.create(spec(s -> s.withSchedule(Schedule.ANYTIME.withEndAt(START.minusSeconds(1)))));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> f.engine().start(f.id, f.now()))
                .isInstanceOfSatisfying(CampaignRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(CampaignRefusedException.Reason.WRONG_STATUS))
                .hasMessageContaining("before it was started");
    }
}
