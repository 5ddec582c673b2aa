package io.cellota.device.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LinkProfileTest {

    @Test
    void every_built_in_is_found_by_its_name() {
        assertThat(LinkProfile.builtIns()).extracting(LinkProfile::name)
                .containsExactly("lte-m", "nb-iot", "nb-iot-lossy", "lte-m-lossy", "loopback");
        for (LinkProfile profile : LinkProfile.builtIns()) {
            assertThat(LinkProfile.named(profile.name())).contains(profile);
        }
    }

    @Test
    void names_are_matched_ignoring_case_and_surrounding_blanks() {
        assertThat(LinkProfile.named(" NB-IoT ")).contains(LinkProfile.NB_IOT);
    }

    @Test
    void an_unknown_name_finds_nothing() {
        assertThat(LinkProfile.named("5g-redcap")).isEmpty();
        assertThat(LinkProfile.named(null)).isEmpty();
    }

    @Test
    void lte_m_runs_at_300_kbit_per_second_with_a_round_trip_of_120_to_180_ms() {
        LinkProfile lteM = LinkProfile.LTE_M;

        assertThat(lteM.downlink().rateBitsPerSecond()).isEqualTo(300_000);
        assertThat(lteM.uplink().rateBitsPerSecond()).isEqualTo(300_000);
        assertThat(lteM.minimumRtt()).isEqualTo(Duration.ofMillis(120));
        assertThat(lteM.minimumRtt().plus(lteM.downlink().jitter()).plus(lteM.uplink().jitter()))
                .isEqualTo(Duration.ofMillis(180));
    }

    @Test
    void nb_iot_is_slower_down_than_up_with_a_round_trip_of_about_two_seconds() {
        LinkProfile nbIot = LinkProfile.NB_IOT;

        assertThat(nbIot.downlink().rateBitsPerSecond()).isEqualTo(26_000);
        assertThat(nbIot.uplink().rateBitsPerSecond()).isEqualTo(62_000);
        assertThat(nbIot.minimumRtt()).isEqualTo(Duration.ofMillis(1600));
    }

    @Test
    void the_lossy_variants_add_ten_percent_loss_each_way_and_change_nothing_else() {
        assertThat(LinkProfile.NB_IOT_LOSSY)
                .isEqualTo(LinkProfile.NB_IOT.withLoss(0.10).withName("nb-iot-lossy"));
        assertThat(LinkProfile.NB_IOT_LOSSY.uplink().loss()).isEqualTo(0.10);
        assertThat(LinkProfile.NB_IOT_LOSSY.downlink().loss()).isEqualTo(0.10);
        assertThat(LinkProfile.LTE_M_LOSSY.withLoss(0).withName("lte-m")).isEqualTo(LinkProfile.LTE_M);
    }

    @Test
    void loopback_has_no_impairment() {
        LinkProfile loopback = LinkProfile.LOOPBACK;

        assertThat(loopback.uplink()).isEqualTo(PathProfile.UNIMPAIRED);
        assertThat(loopback.downlink()).isEqualTo(PathProfile.UNIMPAIRED);
        assertThat(loopback.maxPayloadBytes()).isEqualTo(65_507);
    }

    @Test
    void the_default_overhead_is_the_ipv4_and_udp_headers() {
        assertThat(LinkProfile.LTE_M.overheadBytes()).isEqualTo(28);
        assertThat(LinkProfile.LTE_M.wireBytes(1024)).isEqualTo(1052);
        assertThat(LinkProfile.LTE_M.maxPayloadBytes()).isEqualTo(1358 - 28);
    }

    @Test
    void with_copies_change_only_what_they_name() {
        LinkProfile changed = LinkProfile.LTE_M.withRate(1_000, 2_000)
                .withDelay(Duration.ofMillis(5), Duration.ofMillis(7))
                .withLoss(0.2, 0.3)
                .withMtu(500);

        assertThat(changed.downlink().rateBitsPerSecond()).isEqualTo(1_000);
        assertThat(changed.uplink().rateBitsPerSecond()).isEqualTo(2_000);
        assertThat(changed.minimumRtt()).isEqualTo(Duration.ofMillis(12));
        assertThat(changed.downlink().loss()).isEqualTo(0.2);
        assertThat(changed.uplink().loss()).isEqualTo(0.3);
        assertThat(changed.mtu()).isEqualTo(500);
        assertThat(changed.downlink().jitter()).isEqualTo(LinkProfile.LTE_M.downlink().jitter());
        assertThat(changed.name()).isEqualTo("lte-m");
        assertThat(LinkProfile.LTE_M.mtu()).isEqualTo(1358);
    }

    @Test
    void no_built_in_rebinds_its_nat_bindings() {
        assertThat(LinkProfile.builtIns()).allMatch(profile -> profile.natRebindInterval().isEmpty());
    }

    @Test
    void nat_rebinding_is_set_and_cleared_by_copies_that_keep_everything_else() {
        LinkProfile rebinding = LinkProfile.NB_IOT.withNatRebinding(Duration.ofSeconds(30));

        assertThat(rebinding.natRebindInterval()).contains(Duration.ofSeconds(30));
        assertThat(rebinding.withLoss(0.1).withMtu(1280).natRebindInterval()).contains(Duration.ofSeconds(30));
        assertThat(rebinding.withoutNatRebinding()).isEqualTo(LinkProfile.NB_IOT);
    }

    @Test
    void a_profile_refuses_a_nat_rebinding_interval_below_the_floor_or_missing() {
        assertThatThrownBy(() -> LinkProfile.LTE_M.withNatRebinding(Duration.ofMillis(99)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 100 ms");
        assertThatThrownBy(() -> LinkProfile.LTE_M.withNatRebinding(null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LinkProfile.LTE_M.withNatRebinding(LinkProfile.MIN_NAT_REBIND_INTERVAL).natRebindInterval())
                .contains(LinkProfile.MIN_NAT_REBIND_INTERVAL);
    }

    @Test
    void a_profile_refuses_a_blank_name() {
        assertThatThrownBy(() -> LinkProfile.LTE_M.withName(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_profile_refuses_an_mtu_not_above_the_overhead_or_beyond_an_ip_packet() {
        assertThatThrownBy(() -> LinkProfile.LTE_M.withMtu(28)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkProfile.LOOPBACK.withMtu(65_536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkProfile.LTE_M.withOverhead(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_profile_refuses_a_queue_that_cannot_hold_one_mtu() {
        assertThatThrownBy(() -> LinkProfile.LTE_M.withQueueLimit(1357, 64 * 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MTU");
    }

    @Test
    void a_path_refuses_rates_delays_and_probabilities_out_of_range() {
        PathProfile path = LinkProfile.LTE_M.uplink();

        assertThatThrownBy(() -> path.withRate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> path.withDelay(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> path.withJitter(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> path.withLoss(1.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> path.withReorder(-0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> path.withDuplicate(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> path.withQueueLimit(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serialization_takes_eight_bits_per_byte_at_the_rate_rounded_up() {
        PathProfile path = LinkProfile.LTE_M.uplink().withRate(8_000);

        assertThat(path.serializationNanos(1)).isEqualTo(1_000_000);
        assertThat(path.serializationNanos(1052)).isEqualTo(1_052_000_000);
        assertThat(path.withRate(3).serializationNanos(1)).isEqualTo(2_666_666_667L);
        assertThat(PathProfile.UNIMPAIRED.serializationNanos(65_535)).isZero();
    }

    @Test
    void a_reordered_datagram_waits_at_most_one_delay_plus_jitter_but_never_less_than_the_minimum() {
        assertThat(LinkProfile.NB_IOT.uplink().reorderHold()).isEqualTo(Duration.ofMillis(1200));
        assertThat(PathProfile.UNIMPAIRED.reorderHold()).isEqualTo(PathProfile.MIN_REORDER_HOLD);
    }
}
