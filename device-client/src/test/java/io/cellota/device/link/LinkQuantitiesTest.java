package io.cellota.device.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The numbers and units of the link profile text, read exactly and written back in the largest exact unit. */
class LinkQuantitiesTest {

    @Test
    void rates_are_bits_per_second_in_si_multiples() {
        assertThat(LinkQuantities.rate("26kbit")).isEqualTo(26_000);
        assertThat(LinkQuantities.rate("26kbit/s")).isEqualTo(26_000);
        assertThat(LinkQuantities.rate("62kbps")).isEqualTo(62_000);
        assertThat(LinkQuantities.rate("1.5Mbit")).isEqualTo(1_500_000);
        assertThat(LinkQuantities.rate("1 MBIT")).isEqualTo(1_000_000);
        assertThat(LinkQuantities.rate("2Gbit")).isEqualTo(2_000_000_000L);
        assertThat(LinkQuantities.rate("300bit")).isEqualTo(300);
        assertThat(LinkQuantities.rate("Unlimited")).isEqualTo(PathProfile.UNLIMITED_RATE);
    }

    @Test
    void durations_take_ns_to_hours_and_decimals() {
        assertThat(LinkQuantities.duration("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LinkQuantities.duration("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(LinkQuantities.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(LinkQuantities.duration("2min")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LinkQuantities.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(LinkQuantities.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(LinkQuantities.duration("250us")).isEqualTo(Duration.ofNanos(250_000));
        assertThat(LinkQuantities.duration("7ns")).isEqualTo(Duration.ofNanos(7));
        assertThat(LinkQuantities.duration("0")).isZero();
    }

    @Test
    void probabilities_are_decimals_or_percentages() {
        assertThat(LinkQuantities.probability("0.1")).isEqualTo(0.1);
        assertThat(LinkQuantities.probability("10%")).isEqualTo(0.1);
        assertThat(LinkQuantities.probability("0.1%")).isEqualTo(0.001);
        assertThat(LinkQuantities.probability(".5")).isEqualTo(0.5);
        assertThat(LinkQuantities.probability("1")).isEqualTo(1.0);
    }

    @Test
    void sizes_are_bytes_in_binary_multiples() {
        assertThat(LinkQuantities.queue("8KiB")).isEqualTo(8 * 1024);
        assertThat(LinkQuantities.queue("1.5KiB")).isEqualTo(1536);
        assertThat(LinkQuantities.queue("2MiB")).isEqualTo(2 << 20);
        assertThat(LinkQuantities.queue("1500B")).isEqualTo(1500);
        assertThat(LinkQuantities.queue("1500")).isEqualTo(1500);
        assertThat(LinkQuantities.queue("unlimited")).isEqualTo(PathProfile.UNLIMITED_QUEUE);
        assertThat(LinkQuantities.bytes("1280")).isEqualTo(1280);
    }

    @Test
    void values_are_written_in_the_largest_unit_that_divides_them() {
        assertThat(LinkQuantities.formatRate(26_000)).isEqualTo("26kbit");
        assertThat(LinkQuantities.formatRate(16_900)).isEqualTo("16900bit");
        assertThat(LinkQuantities.formatRate(3_000_000_000L)).isEqualTo("3Gbit");
        assertThat(LinkQuantities.formatRate(PathProfile.UNLIMITED_RATE)).isEqualTo("unlimited");
        assertThat(LinkQuantities.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(LinkQuantities.formatDuration(Duration.ofSeconds(120))).isEqualTo("2min");
        assertThat(LinkQuantities.formatDuration(Duration.ofNanos(1_000_001))).isEqualTo("1000001ns");
        assertThat(LinkQuantities.formatDuration(Duration.ZERO)).isEqualTo("0");
        assertThat(LinkQuantities.formatProbability(0.1)).isEqualTo("0.1");
        assertThat(LinkQuantities.formatProbability(1e-9)).isEqualTo("0.000000001");
        assertThat(LinkQuantities.formatProbability(1)).isEqualTo("1");
        assertThat(LinkQuantities.formatProbability(0)).isEqualTo("0");
        assertThat(LinkQuantities.formatQueue(16 * 1024)).isEqualTo("16KiB");
        assertThat(LinkQuantities.formatQueue(70_000)).isEqualTo("70000B");
        assertThat(LinkQuantities.formatQueue(PathProfile.UNLIMITED_QUEUE)).isEqualTo("unlimited");
    }

    @Test
    void what_is_written_reads_back_to_the_same_value() {
        for (double probability : new double[] {0, 1, 0.1, 0.3, 1.0 / 3, 1e-9, 0.999_999_999_999}) {
            assertThat(LinkQuantities.probability(LinkQuantities.formatProbability(probability))).isEqualTo(probability);
        }
        for (long rate : new long[] {1, 999, 26_000, 1_234_567, PathProfile.UNLIMITED_RATE, Long.MAX_VALUE - 1}) {
            assertThat(LinkQuantities.rate(LinkQuantities.formatRate(rate))).isEqualTo(rate);
        }
        for (Duration duration : new Duration[] {Duration.ZERO, Duration.ofNanos(1), Duration.ofDays(3),
                Duration.ofSeconds(59, 999_999_999)}) {
            assertThat(LinkQuantities.duration(LinkQuantities.formatDuration(duration))).isEqualTo(duration);
        }
    }

    @Test
    void a_bare_number_is_a_size_in_bytes_but_never_a_rate_or_a_nonzero_duration() {
        assertThatThrownBy(() -> LinkQuantities.rate("26000")).hasMessageContaining("has no unit");
        assertThatThrownBy(() -> LinkQuantities.rate("0")).hasMessageContaining("has no unit");
        assertThatThrownBy(() -> LinkQuantities.duration("5")).hasMessageContaining("has no unit");
    }
}
