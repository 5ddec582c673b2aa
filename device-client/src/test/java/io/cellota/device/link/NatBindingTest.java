package io.cellota.device.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The periodic rebinding schedule with made-up times in nanoseconds: no clock, no sockets, no waiting. */
class NatBindingTest {

    private static final long MS = 1_000_000L;
    private static final Duration THIRTY_SECONDS = Duration.ofSeconds(30);
    private static final Optional<Duration> EVERY_THIRTY_SECONDS = Optional.of(THIRTY_SECONDS);

    @Test
    void a_binding_is_due_one_interval_after_it_began() {
        NatBinding binding = new NatBinding(5_000 * MS);

        assertThat(binding.dueNanos(EVERY_THIRTY_SECONDS, 5_000 * MS)).hasValue(35_000 * MS);
        assertThat(binding.dueNanos(EVERY_THIRTY_SECONDS, 34_999 * MS)).hasValue(35_000 * MS);
    }

    @Test
    void without_an_interval_a_binding_is_never_due() {
        assertThat(new NatBinding(0).dueNanos(Optional.empty(), 1_000_000 * MS)).isEmpty();
    }

    @Test
    void a_binding_older_than_a_shortened_interval_is_due_at_once() {
        NatBinding binding = new NatBinding(0);

        assertThat(binding.dueNanos(Optional.of(Duration.ofSeconds(10)), 25_000 * MS)).hasValue(25_000 * MS);
    }

    @Test
    void a_late_timer_does_not_shift_the_schedule() {
        NatBinding binding = new NatBinding(0);

        binding.reboundPeriodically(THIRTY_SECONDS, 30_003 * MS);
        assertThat(binding.boundAtNanos()).isEqualTo(30_000 * MS);
        assertThat(binding.dueNanos(EVERY_THIRTY_SECONDS, 30_003 * MS)).hasValue(60_000 * MS);

        binding.reboundPeriodically(THIRTY_SECONDS, 60_001 * MS);
        assertThat(binding.dueNanos(EVERY_THIRTY_SECONDS, 60_001 * MS)).hasValue(90_000 * MS);
    }

    @Test
    void a_loop_that_slept_through_several_periods_rebinds_once_and_keeps_the_phase() {
        NatBinding binding = new NatBinding(1_000 * MS);

        binding.reboundPeriodically(THIRTY_SECONDS, 100_000 * MS);

        assertThat(binding.boundAtNanos()).isEqualTo(91_000 * MS);
        assertThat(binding.dueNanos(EVERY_THIRTY_SECONDS, 100_000 * MS)).hasValue(121_000 * MS);
    }

    @Test
    void a_periodic_rebinding_moves_the_binding_on_by_at_least_one_period() {
        NatBinding binding = new NatBinding(0);

        binding.reboundPeriodically(THIRTY_SECONDS, 0);

        assertThat(binding.boundAtNanos()).isEqualTo(30_000 * MS);
    }

    @Test
    void a_rebinding_on_demand_starts_the_period_over() {
        NatBinding binding = new NatBinding(0);

        binding.reboundAt(12_345 * MS);

        assertThat(binding.dueNanos(EVERY_THIRTY_SECONDS, 12_345 * MS)).hasValue(42_345 * MS);
    }

    @Test
    void every_new_binding_and_every_new_interval_makes_earlier_timers_stale() {
        NatBinding binding = new NatBinding(0);
        long first = binding.generation();

        binding.reboundPeriodically(THIRTY_SECONDS, 30_000 * MS);
        long second = binding.generation();
        binding.reboundAt(40_000 * MS);
        long third = binding.generation();
        binding.intervalChanged();

        assertThat(new long[] {first, second, third, binding.generation()}).doesNotHaveDuplicates();
        assertThat(binding.boundAtNanos()).isEqualTo(40_000 * MS);
    }

    @Test
    void the_schedule_holds_across_the_wrap_of_the_nanosecond_clock() {
        long beforeWrap = Long.MAX_VALUE - 10_000 * MS;
        NatBinding binding = new NatBinding(beforeWrap);

        long due = binding.dueNanos(EVERY_THIRTY_SECONDS, beforeWrap).orElseThrow();
        binding.reboundPeriodically(THIRTY_SECONDS, due + 2 * MS);

        assertThat(due).isEqualTo(beforeWrap + 30_000 * MS).isNegative();
        assertThat(binding.boundAtNanos()).isEqualTo(due);
        assertThat(binding.dueNanos(EVERY_THIRTY_SECONDS, due + 2 * MS)).hasValue(due + 30_000 * MS);
    }

    @Test
    void a_period_must_be_positive() {
        assertThatThrownBy(() -> new NatBinding(0).reboundPeriodically(Duration.ZERO, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
