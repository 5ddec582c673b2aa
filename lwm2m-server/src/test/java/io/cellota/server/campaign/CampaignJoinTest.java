package io.cellota.server.campaign;

import static io.cellota.server.campaign.CampaignFixture.FIRMWARE;
import static io.cellota.server.campaign.CampaignFixture.OLD;
import static io.cellota.server.campaign.CampaignFixture.START;
import static io.cellota.server.campaign.CampaignFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who is in a campaign: named, tagged or every device; the filters; skipping; dynamic joins while it runs. */
class CampaignJoinTest {

    private static final Target DYNAMIC = new Target(List.of(), Set.of(), Set.of(), Set.of(), true);

    private final CampaignFixture f = CampaignFixture.given();

    @Test
    void devices_already_on_the_target_version_are_skipped_and_accounted_for() {
        f.fleet.device("dev-old", OLD);
        f.fleet.device("dev-new", FIRMWARE.targetVersion());

        f.start(spec(s -> s));

        assertThat(f.updates.starts()).containsExactly("dev-old");
        assertThat(f.state("dev-new")).isEqualTo(DeviceState.SKIPPED);
        assertThat(f.device("dev-new").note()).isEqualTo("skipped: it already runs 2.0.0");
        assertThat(f.device("dev-new").wave()).isEmpty();
    }

    @Test
    void named_devices_come_first_in_their_order_then_the_tagged_ones_by_name() {
        f.fleet.devices("dev", 6, OLD);
        f.fleet.tags("dev-05", "north").tags("dev-02", "north").tags("dev-03", "south");

        f.start(spec(s -> s.withTarget(new Target(List.of("dev-04", "dev-00"), Set.of("north"), Set.of(), Set.of(),
                false)).withPacing(Pacing.DEFAULTS.withMaxConcurrent(1))));
        f.succeedAll(10);

        assertThat(f.updates.starts()).containsExactly("dev-04", "dev-00", "dev-02", "dev-05");
    }

    @Test
    void the_model_and_version_filters_keep_other_devices_out() {
        f.fleet.device("a-9160", OLD).change("a-9160", d -> d.withModel("nRF9160"));
        f.fleet.device("b-9151", OLD).change("b-9151", d -> d.withModel("nRF9151"));
        f.fleet.device("c-9160-beta", "1.5.0-beta").change("c-9160-beta", d -> d.withModel("nRF9160"));

        f.start(spec(s -> s.withTarget(new Target(List.of(), Set.of(), Set.of("nRF9160"), Set.of(OLD, "1.1.0"),
                false))));

        assertThat(f.updates.starts()).containsExactly("a-9160");
        assertThat(f.store.devices(f.id)).extracting(CampaignDevice::endpoint).containsExactly("a-9160");
    }

    @Test
    void a_named_device_that_the_filters_keep_out_is_skipped_with_the_reason() {
        f.fleet.device("b-9151", OLD).change("b-9151", d -> d.withModel("nRF9151"));

        f.start(spec(s -> s.withTarget(new Target(List.of("b-9151"), Set.of(), Set.of("nRF9160"), Set.of(), false))));

        assertThat(f.device("b-9151").note()).isEqualTo("skipped: its model nRF9151 is not one of [nRF9160]");
    }

    @Test
    void a_named_device_that_is_not_registered_waits_and_starts_once_it_registers() {
        f.fleet.device("dev-away", OLD).deregister("dev-away");
        f.start(spec(s -> s.withTarget(new Target(List.of("dev-away", "dev-unknown"), Set.of(), Set.of(), Set.of(),
                false))));
        assertThat(f.updates.starts()).isEmpty();
        assertThat(f.in(DeviceState.PENDING)).containsExactly("dev-away", "dev-unknown");

        f.fleet.register("dev-away");
        f.tick();

        assertThat(f.updates.starts()).containsExactly("dev-away");
    }

    @Test
    void in_a_dynamic_campaign_a_device_registering_later_joins_the_last_wave() {
        f.fleet.devices("dev", 2, OLD);
        f.start(spec(s -> s.withTarget(DYNAMIC).withWaves(List.of(Wave.canary(1), Wave.upTo(100)))));
        f.fleet.device("dev-late", OLD);

        f.engine().onIdentified("dev-late", f.now());
        f.tick();

        CampaignDevice late = f.device("dev-late");
        assertThat(late.wave()).hasValue(1);
        assertThat(late.note()).isEqualTo("joined: it registered running 1.0.0");
        assertThat(f.updates.starts()).as("the last wave is not open yet").containsExactly("dev-00");
        assertThat(f.events).contains("device dev-late PENDING: joined: it registered running 1.0.0");

        f.succeedAll(5);
        assertThat(f.updates.starts()).containsExactly("dev-00", "dev-01", "dev-late");
        assertThat(f.campaign().status()).as("a dynamic campaign without an end runs on")
                .isEqualTo(CampaignStatus.RUNNING);
    }

    @Test
    void in_a_dynamic_campaign_a_skipped_device_that_registers_on_an_old_version_joins_again() {
        f.fleet.device("dev-a", FIRMWARE.targetVersion());
        f.start(spec(s -> s.withTarget(DYNAMIC)));
        assertThat(f.state("dev-a")).isEqualTo(DeviceState.SKIPPED);

        f.fleet.version("dev-a", OLD);
        f.engine().onIdentified("dev-a", f.now());
        f.tick();

        assertThat(f.updates.starts()).containsExactly("dev-a");
        assertThat(f.state("dev-a")).isEqualTo(DeviceState.RUNNING);
        assertThat(f.events).contains("device dev-a PENDING: rejoined: it registered running 1.0.0");
    }

    @Test
    void a_device_on_the_target_or_registering_after_the_end_does_not_join() {
        f.fleet.device("dev-0", OLD);
        f.start(spec(s -> s.withTarget(DYNAMIC).withSchedule(Schedule.ANYTIME.withEndAt(START.plus(
                Duration.ofHours(1))))));
        f.fleet.device("dev-current", FIRMWARE.targetVersion());
        f.engine().onIdentified("dev-current", f.now());
        f.tick();
        f.clock.advance(Duration.ofHours(1));
        f.fleet.device("dev-late", OLD);
        f.engine().onIdentified("dev-late", f.now());
        f.tick();

        assertThat(f.store.devices(f.id)).extracting(CampaignDevice::endpoint).containsExactly("dev-0");
    }

    @Test
    void a_campaign_that_is_not_dynamic_takes_no_one_later() {
        f.fleet.device("dev-0", OLD);
        f.start(spec(s -> s));
        f.fleet.device("dev-late", OLD);

        f.engine().onIdentified("dev-late", f.now());
        f.succeedAll(3);

        assertThat(f.store.devices(f.id)).extracting(CampaignDevice::endpoint).containsExactly("dev-0");
        assertThat(f.campaign().status()).isEqualTo(CampaignStatus.FINISHED);
    }
}
