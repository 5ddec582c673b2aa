package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The options record: presets, validation, back-off and window parsing. */
class DownloadOptionsTest {

    @Test
    void presets_are_found_by_name() {
        assertThat(DownloadOptions.named("LTE-M")).contains(DownloadOptions.LTE_M);
        assertThat(DownloadOptions.named("nb-iot")).contains(DownloadOptions.NB_IOT);
        assertThat(DownloadOptions.named("default")).contains(DownloadOptions.DEFAULTS);
        assertThat(DownloadOptions.named("5g")).isEmpty();
    }

    @Test
    void the_defaults_download_in_lockstep_with_kilobyte_blocks() {
        assertThat(DownloadOptions.DEFAULTS.window()).isEqualTo(WindowPolicy.LOCKSTEP);
        assertThat(DownloadOptions.DEFAULTS.blockSize()).isEqualTo(1024);
    }

    @Test
    void the_nb_iot_preset_never_times_out_below_its_round_trip() {
        assertThat(DownloadOptions.NB_IOT.minRto()).isGreaterThan(Duration.ofMillis(2400));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 15, 100, 2048})
    void block_sizes_outside_16_to_1024_or_not_a_power_of_two_are_refused(int size) {
        assertThatThrownBy(() -> DownloadOptions.LTE_M.withBlockSize(size)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_backoff_doubles_per_retry_up_to_its_bound() {
        DownloadOptions options = DownloadOptions.LTE_M.withRetries(10, Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(options.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.backoff(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(options.backoff(4)).isEqualTo(Duration.ofSeconds(5));
        assertThat(options.backoff(60)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rto_bounds_must_be_ordered_and_coap_must_retransmit_at_least_once() {
        assertThatThrownBy(() -> DownloadOptions.LTE_M.withRto(Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(1), 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DownloadOptions.LTE_M.withRto(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void windows_parse_from_text() {
        assertThat(WindowPolicy.parse("8")).isEqualTo(WindowPolicy.fixed(8));
        assertThat(WindowPolicy.parse("auto")).isEqualTo(WindowPolicy.auto(16));
        assertThat(WindowPolicy.parse(" AUTO:32 ")).isEqualTo(WindowPolicy.auto(32));
        assertThat(WindowPolicy.parse("auto:32").toString()).isEqualTo("auto:32");
        assertThatThrownBy(() -> WindowPolicy.parse("many")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WindowPolicy.fixed(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
