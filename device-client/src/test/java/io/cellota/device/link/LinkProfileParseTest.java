package io.cellota.device.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link LinkProfile#parse} and {@link LinkProfile#toText}: the profile text of the command line. */
class LinkProfileParseTest {

    private static final String ISSUE_EXAMPLE = "nb-iot,down=20kbit,up=40kbit,delay=1500ms,jitter=500ms,loss=0.1,"
            + "reorder=0.01,duplicate=0.001,queue=8KiB,mtu=1280,rebind=30s";

    @Test
    void a_built_in_name_alone_gives_the_built_in() {
        for (LinkProfile builtIn : LinkProfile.builtIns()) {
            assertThat(LinkProfile.parse(builtIn.name())).isEqualTo(builtIn);
        }
        assertThat(LinkProfile.parse(" NB-IoT ")).isEqualTo(LinkProfile.NB_IOT);
    }

    @Test
    void every_built_in_round_trips_through_its_text() {
        for (LinkProfile builtIn : LinkProfile.builtIns()) {
            assertThat(builtIn.toText()).isEqualTo(builtIn.name());
            assertThat(LinkProfile.parse(builtIn.toText())).isEqualTo(builtIn);
        }
    }

    @Test
    void every_built_in_written_out_in_full_on_loopback_reads_back_field_for_field() {
        for (LinkProfile builtIn : LinkProfile.builtIns()) {
            String full = LinkProfileText.format(LinkProfile.LOOPBACK, builtIn);

            assertThat(LinkProfile.parse(full).withName(builtIn.name())).as(full).isEqualTo(builtIn);
        }
        assertThat(LinkProfileText.format(LinkProfile.LOOPBACK, LinkProfile.NB_IOT)).isEqualTo(
                "loopback,down=26kbit,up=62kbit,delay=800ms,jitter=400ms,queue=8KiB/16KiB,mtu=1358");
    }

    @Test
    void one_override_changes_only_its_field() {
        assertThat(LinkProfile.parse("lte-m,loss=0.05"))
                .isEqualTo(LinkProfile.LTE_M.withLoss(0.05).withName("lte-m,loss=0.05"));
    }

    @Test
    void the_example_of_the_issue_sets_every_field_it_names() {
        LinkProfile profile = LinkProfile.parse(ISSUE_EXAMPLE);

        assertThat(profile.downlink().rateBitsPerSecond()).isEqualTo(20_000);
        assertThat(profile.uplink().rateBitsPerSecond()).isEqualTo(40_000);
        for (PathProfile path : new PathProfile[] {profile.downlink(), profile.uplink()}) {
            assertThat(path.delay()).isEqualTo(Duration.ofMillis(1500));
            assertThat(path.jitter()).isEqualTo(Duration.ofMillis(500));
            assertThat(path.loss()).isEqualTo(0.1);
            assertThat(path.reorder()).isEqualTo(0.01);
            assertThat(path.duplicate()).isEqualTo(0.001);
            assertThat(path.queueLimitBytes()).isEqualTo(8 * 1024);
        }
        assertThat(profile.mtu()).isEqualTo(1280);
        assertThat(profile.overheadBytes()).isEqualTo(LinkProfile.IPV4_UDP_OVERHEAD);
        assertThat(profile.natRebindInterval()).contains(Duration.ofSeconds(30));
        assertThat(profile.name()).isEqualTo("nb-iot,down=20kbit,up=40kbit,delay=1500ms,jitter=500ms,loss=0.1,"
                + "reorder=0.01,duplicate=0.001,queue=8KiB,mtu=1280,rebind=30s");
        assertThat(LinkProfile.parse(profile.toText())).isEqualTo(profile);
    }

    @Test
    void per_direction_values_take_the_downlink_first() {
        LinkProfile profile = LinkProfile.parse("loopback,delay=800ms/600ms,loss=0.1/0.2,queue=8KiB/16KiB,mtu=1500,overhead=48");

        assertThat(profile.downlink().delay()).isEqualTo(Duration.ofMillis(800));
        assertThat(profile.uplink().delay()).isEqualTo(Duration.ofMillis(600));
        assertThat(profile.downlink().loss()).isEqualTo(0.1);
        assertThat(profile.uplink().loss()).isEqualTo(0.2);
        assertThat(profile.downlink().queueLimitBytes()).isEqualTo(8 * 1024);
        assertThat(profile.uplink().queueLimitBytes()).isEqualTo(16 * 1024);
        assertThat(profile.overheadBytes()).isEqualTo(LinkProfile.IPV6_UDP_OVERHEAD);
    }

    @Test
    void overrides_apply_together_so_their_order_does_not_matter() {
        LinkProfile mtuFirst = LinkProfile.parse("nb-iot,mtu=9000,queue=16KiB");
        LinkProfile queueFirst = LinkProfile.parse("nb-iot,queue=16KiB,mtu=9000");

        assertThat(mtuFirst).isEqualTo(queueFirst);
        assertThat(mtuFirst.mtu()).isEqualTo(9000);
    }

    @Test
    void a_parsed_profile_is_named_by_its_canonical_text() {
        LinkProfile profile = LinkProfile.parse(" NB-IoT , LOSS = 10% , delay=0.8s, Rebind=2min ");

        assertThat(profile.name()).isEqualTo("nb-iot,loss=0.1,rebind=2min");
        assertThat(profile).isEqualTo(LinkProfile.NB_IOT.withLoss(0.1).withNatRebinding(Duration.ofMinutes(2))
                .withName("nb-iot,loss=0.1,rebind=2min"));
    }

    @Test
    void overrides_that_change_nothing_give_the_built_in_itself() {
        assertThat(LinkProfile.parse("nb-iot,loss=0,rebind=off,down=26kbit/s")).isEqualTo(LinkProfile.NB_IOT);
        assertThat(LinkProfile.parse("nb-iot-lossy,loss=0").name()).isEqualTo("nb-iot-lossy,loss=0");
    }

    @Test
    void rebind_off_means_no_periodic_rebinding() {
        LinkProfile rebinding = LinkProfile.LTE_M.withNatRebinding(Duration.ofSeconds(30));

        assertThat(LinkProfile.parse("lte-m,rebind=off")).isEqualTo(LinkProfile.LTE_M);
        assertThat(LinkProfile.parse("lte-m,rebind=none")).isEqualTo(LinkProfile.LTE_M);
        assertThat(LinkProfileText.format(rebinding, LinkProfile.LTE_M)).isEqualTo("lte-m,rebind=off");
    }

    @Test
    void a_profile_made_in_code_round_trips_but_for_its_name() {
        LinkProfile singleTone = LinkProfile.NB_IOT.withRate(26_000, 16_900).withName("nb-iot-single-tone");
        LinkProfile flaky = LinkProfile.LTE_M.withLoss(0.02).withReorder(0.01).withNatRebinding(Duration.ofMillis(1500));
        LinkProfile odd = LinkProfile.LOOPBACK.withDelay(Duration.ofNanos(1_000_001), Duration.ofHours(1))
                .withQueueLimit(70_000, PathProfile.UNLIMITED_QUEUE).withRate(PathProfile.UNLIMITED_RATE, 1)
                .withLoss(1e-9, 1).withName("odd");

        assertThat(singleTone.toText()).isEqualTo(
                "loopback,down=26kbit,up=16900bit,delay=800ms,jitter=400ms,queue=8KiB/16KiB,mtu=1358");
        assertThat(flaky.toText()).isEqualTo("lte-m,loss=0.02,reorder=0.01,rebind=1500ms");
        for (LinkProfile profile : new LinkProfile[] {singleTone, flaky, odd}) {
            assertThat(LinkProfile.parse(profile.toText()).withName(profile.name())).as(profile.toText())
                    .isEqualTo(profile);
        }
    }

    static Stream<Arguments> bad_texts() {
        return Stream.of(
                Arguments.of(null, "needs a name: one of lte-m, nb-iot"),
                Arguments.of("  ", "needs a name"),
                Arguments.of("5g-redcap", "unknown link profile '5g-redcap'; built in: lte-m, nb-iot, nb-iot-lossy"),
                Arguments.of("loss=0.1", "start with a built-in profile"),
                Arguments.of("nb-iot,,loss=0.1", "an empty override"),
                Arguments.of("nb-iot,", "an empty override"),
                Arguments.of("nb-iot,loss", "'loss' is not key=value"),
                Arguments.of("nb-iot,lose=0.1", "unknown key 'lose'; keys: down, up, delay, jitter, loss, reorder,"),
                Arguments.of("nb-iot,loss=0.1,LOSS=0.2", "'loss' is given twice"),
                Arguments.of("nb-iot,loss=", "loss has no value"),
                Arguments.of("nb-iot,down=20000", "'20000' has no unit; write bit, kbit, Mbit or Gbit"),
                Arguments.of("nb-iot,down=20kb", "unknown unit 'kb'"),
                Arguments.of("nb-iot,down=20kbit/40kbit", "one rate only"),
                Arguments.of("nb-iot,up=fast", "'fast' is not a rate"),
                Arguments.of("nb-iot,down=1.5bit", "not a whole number of bit/s"),
                Arguments.of("nb-iot,down=0kbit", "rate must be positive"),
                Arguments.of("nb-iot,down=10000000000Gbit", "is too large"),
                Arguments.of("nb-iot,delay=soon", "'soon' is not a duration; write ns, us, ms, s, min or h"),
                Arguments.of("nb-iot,delay=1500", "'1500' has no unit"),
                Arguments.of("nb-iot,jitter=5sec", "unknown unit 'sec'"),
                Arguments.of("nb-iot,delay=0.5ns", "not a whole number of nanoseconds"),
                Arguments.of("nb-iot,delay=-5ms", "delay must be a non-negative duration"),
                Arguments.of("nb-iot,delay=1ms/2ms/3ms", "one value for both directions, or downlink/uplink"),
                Arguments.of("nb-iot,loss=1.5", "loss must be a probability in [0, 1], was 1.5"),
                Arguments.of("nb-iot,reorder=150%", "reorder must be a probability in [0, 1], was 1.5"),
                Arguments.of("nb-iot,duplicate=-0.1", "duplicate must be a probability in [0, 1]"),
                Arguments.of("nb-iot,loss=lots", "'lots' is not a probability; write e.g. 0.1 or 10%"),
                Arguments.of("nb-iot,loss=1e-3", "'1e-3' is not a probability"),
                Arguments.of("nb-iot,queue=8KB", "unknown unit 'KB'; write bytes, or B, KiB, MiB or GiB"),
                Arguments.of("nb-iot,queue=0", "queue limit must be positive"),
                Arguments.of("nb-iot,queue=1KiB", "each queue limit must hold at least one MTU"),
                Arguments.of("nb-iot,mtu=70000", "at most 65535"),
                Arguments.of("nb-iot,mtu=1.5B", "not a whole number of bytes"),
                Arguments.of("nb-iot,mtu=4GiB", "is too large"),
                Arguments.of("nb-iot,overhead=-1", "overhead must be 0..1024 bytes"),
                Arguments.of("nb-iot,rebind=50ms", "NAT rebinding interval must be at least 100 ms"),
                Arguments.of("nb-iot,rebind=sometimes", "'sometimes' is not a duration"));
    }

    @ParameterizedTest
    @MethodSource("bad_texts")
    void bad_text_is_refused_with_a_message_that_names_the_problem(String text, String problem) {
        assertThatThrownBy(() -> LinkProfile.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(problem)
                .hasMessageStartingWith(text == null || text.isBlank() ? "a link profile" : "link profile \"" + text + "\": ");
    }
}
