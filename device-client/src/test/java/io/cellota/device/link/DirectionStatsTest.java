package io.cellota.device.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectionStatsTest {

    @Test
    void what_is_neither_forwarded_nor_dropped_is_in_flight() {
        DirectionCounters counters = new DirectionCounters();
        for (int i = 0; i < 5; i++) {
            counters.received(100);
        }
        counters.forwarded(100);
        counters.forwarded(100);
        counters.dropped(DropReason.LOSS, 100);
        counters.dropped(DropReason.QUEUE, 100);

        DirectionStats stats = counters.snapshot();

        assertThat(stats.received()).isEqualTo(5);
        assertThat(stats.droppedTotal()).isEqualTo(2);
        assertThat(stats.inFlight()).isEqualTo(1);
        assertThat(stats.droppedBytesTotal()).isEqualTo(200);
        assertThat(stats.dropped(DropReason.MTU)).isZero();
    }

    @Test
    void copies_count_as_delivered_but_not_as_forwarded() {
        DirectionCounters counters = new DirectionCounters();
        counters.received(10);
        counters.forwarded(10);
        counters.duplicated(10);

        DirectionStats stats = counters.snapshot();

        assertThat(stats.forwarded()).isEqualTo(1);
        assertThat(stats.delivered()).isEqualTo(2);
        assertThat(stats.deliveredBytes()).isEqualTo(20);
        assertThat(stats.inFlight()).isZero();
    }

    @Test
    void snapshots_add_up_reason_by_reason() {
        DirectionStats one = new DirectionStats(3, 30, 2, 20, 1, 10, Map.of(DropReason.LOSS, 1L), Map.of(DropReason.LOSS, 10L));
        DirectionStats two = new DirectionStats(2, 25, 1, 5, 0, 0, Map.of(DropReason.MTU, 1L), Map.of(DropReason.MTU, 20L));

        DirectionStats sum = one.plus(two);

        assertThat(sum).isEqualTo(new DirectionStats(5, 55, 3, 25, 1, 10,
                Map.of(DropReason.LOSS, 1L, DropReason.MTU, 1L), Map.of(DropReason.LOSS, 10L, DropReason.MTU, 20L)));
        assertThat(new LinkStats(one, two).plus(LinkStats.EMPTY)).isEqualTo(new LinkStats(one, two));
    }

    @Test
    void link_snapshots_add_up_their_rebindings() {
        LinkStats twice = new LinkStats(DirectionStats.EMPTY, DirectionStats.EMPTY, 2);

        assertThat(twice.plus(new LinkStats(DirectionStats.EMPTY, DirectionStats.EMPTY, 3)).rebinds()).isEqualTo(5);
        assertThat(LinkStats.EMPTY.rebinds()).isZero();
        assertThatThrownBy(() -> new LinkStats(DirectionStats.EMPTY, DirectionStats.EMPTY, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void every_reason_is_present_even_when_zero() {
        assertThat(DirectionStats.EMPTY.drops()).containsOnlyKeys(DropReason.values());
        assertThat(DirectionStats.EMPTY.drops().values()).containsOnly(0L);
    }

    @Test
    void negative_counts_are_refused() {
        assertThatThrownBy(() -> new DirectionStats(-1, 0, 0, 0, 0, 0, Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DirectionStats(0, 0, 0, 0, 0, 0, Map.of(DropReason.LOSS, -1L), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
