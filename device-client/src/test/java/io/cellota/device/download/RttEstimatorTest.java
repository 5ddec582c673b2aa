package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 6298 §2 and §5.5, bounded, on made-up samples. */
class RttEstimatorTest {

    private final RttEstimator rtt = new RttEstimator(Duration.ofSeconds(1), Duration.ofMillis(100),
            Duration.ofSeconds(8));

    @Test
    void before_any_sample_the_rto_is_the_initial_one() {
        assertThat(rtt.rto()).isEqualTo(Duration.ofSeconds(1));
        assertThat(rtt.srtt()).isEmpty();
        assertThat(rtt.minRtt()).isEmpty();
    }

    @Test
    void the_first_sample_sets_srtt_to_r_and_rttvar_to_half_of_it() {
        rtt.sample(Duration.ofMillis(200));

        assertThat(rtt.srtt()).contains(Duration.ofMillis(200));
        assertThat(rtt.rto()).isEqualTo(Duration.ofMillis(200 + 4 * 100));
    }

    @Test
    void later_samples_are_smoothed_with_alpha_one_eighth_and_beta_one_quarter() {
        rtt.sample(Duration.ofMillis(200));
        rtt.sample(Duration.ofMillis(400));

        // RTTVAR = 3/4 * 100 + 1/4 * |200 - 400| = 125; SRTT = 7/8 * 200 + 1/8 * 400 = 225
        assertThat(rtt.srtt()).contains(Duration.ofMillis(225));
        assertThat(rtt.rto()).isEqualTo(Duration.ofMillis(225 + 4 * 125));
        assertThat(rtt.minRtt()).contains(Duration.ofMillis(200));
    }

    @Test
    void a_steady_path_converges_to_the_lower_bound() {
        for (int i = 0; i < 100; i++) {
            rtt.sample(Duration.ofMillis(20));
        }

        assertThat(rtt.rto()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void each_timeout_doubles_the_rto_up_to_the_bound_and_the_next_sample_recomputes_it() {
        rtt.sample(Duration.ofMillis(500));
        assertThat(rtt.rto()).isEqualTo(Duration.ofMillis(1500));

        rtt.backOff();
        assertThat(rtt.rto()).isEqualTo(Duration.ofMillis(3000));
        rtt.backOff();
        rtt.backOff();
        assertThat(rtt.rto()).isEqualTo(Duration.ofSeconds(8));

        rtt.sample(Duration.ofMillis(500));
        assertThat(rtt.rto()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void bounds_must_be_ordered() {
        assertThatThrownBy(() -> new RttEstimator(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
