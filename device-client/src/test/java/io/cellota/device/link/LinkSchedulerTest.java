package io.cellota.device.link;

import static io.cellota.device.link.Direction.UPLINK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.device.link.LinkScheduler.Drop;
import io.cellota.device.link.LinkScheduler.Forward;
import io.cellota.device.link.LinkScheduler.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Drives the link model with made-up times in nanoseconds: no clock, no sockets, no waiting. */
class LinkSchedulerTest {

    private static final long MS = 1_000_000L;
    private static final long SEED = 42;
    /** 8 kbit/s: one byte takes exactly one millisecond. */
    private static final PathProfile ONE_BYTE_PER_MS =
            new PathProfile(8_000, Duration.ZERO, Duration.ZERO, 0, 0, 0, PathProfile.UNLIMITED_QUEUE);

    @Test
    void a_datagram_occupies_the_link_for_its_bits_at_the_rate_then_propagates() {
        LinkScheduler scheduler = uplink(ONE_BYTE_PER_MS.withDelay(Duration.ofMillis(50)));

        assertThat(releaseOf(scheduler.offer(0, 100))).isEqualTo(150 * MS);
    }

    @Test
    void datagrams_arriving_together_queue_behind_each_other() {
        LinkScheduler scheduler = uplink(ONE_BYTE_PER_MS);

        assertThat(releaseOf(scheduler.offer(0, 100))).isEqualTo(100 * MS);
        assertThat(releaseOf(scheduler.offer(0, 100))).isEqualTo(200 * MS);
        assertThat(releaseOf(scheduler.offer(0, 100))).isEqualTo(300 * MS);
    }

    @Test
    void an_idle_link_accumulates_no_credit() {
        LinkScheduler scheduler = uplink(ONE_BYTE_PER_MS);
        scheduler.offer(0, 100);

        assertThat(releaseOf(scheduler.offer(10_000 * MS, 100))).isEqualTo(10_100 * MS);
        assertThat(releaseOf(scheduler.offer(10_000 * MS, 100))).isEqualTo(10_200 * MS);
    }

    @Test
    void the_per_datagram_overhead_counts_against_the_rate() {
        LinkScheduler scheduler = new LinkScheduler(UPLINK,
                new LinkProfile("test", PathProfile.UNIMPAIRED, ONE_BYTE_PER_MS, 1500, 28), new SplittableRandom(SEED));

        assertThat(releaseOf(scheduler.offer(0, 72))).isEqualTo(100 * MS);
    }

    @Test
    void delivered_bits_never_exceed_the_rate_whatever_the_arrivals() {
        PathProfile nbIotDownlink = LinkProfile.NB_IOT.downlink().withJitter(Duration.ZERO).withDelay(Duration.ZERO)
                .withQueueLimit(PathProfile.UNLIMITED_QUEUE);
        LinkScheduler scheduler = new LinkScheduler(Direction.DOWNLINK,
                LinkProfile.NB_IOT.withDownlink(nbIotDownlink), new SplittableRandom(SEED));
        SplittableRandom traffic = new SplittableRandom(7);
        long arrival = 0;
        long wireBits = 0;
        for (int i = 0; i < 2_000; i++) {
            arrival += traffic.nextLong(400 * MS);
            int payload = traffic.nextInt(0, 1330);
            long release = releaseOf(scheduler.offer(arrival, payload));
            wireBits += 8L * (payload + 28);

            long fastestPossible = wireBits * 1_000_000_000L / 26_000;
            assertThat(release).isGreaterThanOrEqualTo(fastestPossible);
        }
    }

    @Test
    void a_full_buffer_tail_drops_until_a_datagram_has_been_sent() {
        LinkScheduler scheduler = uplink(ONE_BYTE_PER_MS.withQueueLimit(300));
        scheduler.offer(0, 100);
        scheduler.offer(0, 100);
        scheduler.offer(0, 100);

        assertThat(scheduler.offer(50 * MS, 100)).isEqualTo(new Drop(DropReason.QUEUE));
        assertThat(releaseOf(scheduler.offer(100 * MS, 100))).isEqualTo(400 * MS);
    }

    @Test
    void the_buffer_holds_a_datagram_until_its_last_bit_is_sent() {
        LinkScheduler scheduler = uplink(ONE_BYTE_PER_MS);
        scheduler.offer(0, 100);
        scheduler.offer(0, 100);

        assertThat(scheduler.backlogBytes(0)).isEqualTo(200);
        assertThat(scheduler.backlogBytes(100 * MS - 1)).isEqualTo(200);
        assertThat(scheduler.backlogBytes(100 * MS)).isEqualTo(100);
        assertThat(scheduler.backlogBytes(200 * MS)).isZero();
    }

    @Test
    void a_datagram_above_the_mtu_is_dropped_without_using_the_link() {
        LinkScheduler scheduler = new LinkScheduler(UPLINK,
                new LinkProfile("test", PathProfile.UNIMPAIRED, ONE_BYTE_PER_MS, 200, 28), new SplittableRandom(SEED));

        assertThat(scheduler.offer(0, 173)).isEqualTo(new Drop(DropReason.MTU));
        assertThat(releaseOf(scheduler.offer(0, 172))).isEqualTo(200 * MS);
    }

    @Test
    void the_loss_ratio_over_many_datagrams_matches_the_probability() {
        LinkScheduler scheduler = uplink(PathProfile.UNIMPAIRED.withLoss(0.10));
        int samples = 100_000;
        int lost = 0;
        for (int i = 0; i < samples; i++) {
            if (scheduler.offer(i * MS, 100) instanceof Drop drop) {
                assertThat(drop.reason()).isEqualTo(DropReason.LOSS);
                lost++;
            }
        }

        // One standard deviation is sqrt(0.1 * 0.9 / 100000), about 0.00095: allow five.
        assertThat((double) lost / samples).isBetween(0.095, 0.105);
    }

    @Test
    void a_lost_datagram_still_used_its_airtime() {
        LinkScheduler scheduler = uplink(ONE_BYTE_PER_MS.withLoss(1.0));
        assertThat(scheduler.offer(0, 100)).isEqualTo(new Drop(DropReason.LOSS));

        scheduler.setProfile(link(ONE_BYTE_PER_MS));

        assertThat(releaseOf(scheduler.offer(0, 100))).isEqualTo(200 * MS);
    }

    @Test
    void the_same_seed_gives_the_same_verdicts_and_another_seed_other_ones() {
        PathProfile impaired = ONE_BYTE_PER_MS.withLoss(0.2).withJitter(Duration.ofMillis(30))
                .withReorder(0.1).withDuplicate(0.1);

        List<Verdict> first = run(new LinkScheduler(UPLINK, link(impaired), new SplittableRandom(SEED)));
        List<Verdict> again = run(new LinkScheduler(UPLINK, link(impaired), new SplittableRandom(SEED)));
        List<Verdict> other = run(new LinkScheduler(UPLINK, link(impaired), new SplittableRandom(SEED + 1)));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void jitter_stays_between_the_base_delay_and_the_bound() {
        LinkScheduler scheduler = uplink(PathProfile.UNIMPAIRED.withDelay(Duration.ofMillis(100))
                .withJitter(Duration.ofMillis(50)));
        for (int i = 0; i < 1_000; i++) {
            long arrival = i * 1_000 * MS;

            assertThat(releaseOf(scheduler.offer(arrival, 100)) - arrival).isBetween(100 * MS, 150 * MS);
        }
    }

    @Test
    void jitter_never_reorders() {
        LinkScheduler scheduler = uplink(PathProfile.UNIMPAIRED.withDelay(Duration.ofMillis(100))
                .withJitter(Duration.ofMillis(50)));
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < 1_000; i++) {
            long release = releaseOf(scheduler.offer(i * MS, 100));

            assertThat(release).isGreaterThanOrEqualTo(previous);
            previous = release;
        }
    }

    @Test
    void a_reordered_datagram_is_released_right_after_the_next_one() {
        LinkScheduler scheduler = uplink(PathProfile.UNIMPAIRED.withDelay(Duration.ofMillis(100)).withReorder(1.0));

        Forward held = (Forward) scheduler.offer(0, 100);
        Forward next = (Forward) scheduler.offer(MS, 100);

        assertThat(held.heldBack()).isTrue();
        assertThat(held.releaseNanos()).isEqualTo(200 * MS);
        assertThat(next.heldBack()).isFalse();
        assertThat(next.releasesHeld()).isTrue();
        assertThat(next.releaseNanos()).isEqualTo(101 * MS).isLessThan(held.releaseNanos());
    }

    @Test
    void one_datagram_is_held_at_a_time_so_every_reorder_swaps_a_pair() {
        LinkScheduler scheduler = uplink(PathProfile.UNIMPAIRED.withDelay(Duration.ofMillis(100)).withReorder(1.0));

        List<Boolean> heldBack = new ArrayList<>();
        List<Boolean> releasesHeld = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Forward forward = (Forward) scheduler.offer(i * MS, 100);
            heldBack.add(forward.heldBack());
            releasesHeld.add(forward.releasesHeld());
        }

        assertThat(heldBack).containsExactly(true, false, true, false, true, false);
        assertThat(releasesHeld).containsExactly(false, true, false, true, false, true);
    }

    @Test
    void a_held_datagram_leaves_on_its_own_when_no_other_follows_in_time() {
        LinkScheduler scheduler = uplink(PathProfile.UNIMPAIRED.withDelay(Duration.ofMillis(100)).withReorder(1.0));
        Forward held = (Forward) scheduler.offer(0, 100);

        Forward late = (Forward) scheduler.offer(500 * MS, 100);

        assertThat(held.releaseNanos()).isEqualTo(200 * MS);
        assertThat(late.releasesHeld()).isFalse();
    }

    @Test
    void a_duplicate_is_a_second_transmission_right_behind_the_original() {
        LinkScheduler scheduler = uplink(ONE_BYTE_PER_MS.withDelay(Duration.ofMillis(10)).withDuplicate(1.0));

        Forward original = (Forward) scheduler.offer(0, 100);

        assertThat(original.releaseNanos()).isEqualTo(110 * MS);
        assertThat(original.duplicateReleaseNanos()).isEqualTo(OptionalLong.of(210 * MS));
        assertThat(scheduler.backlogBytes(0)).isEqualTo(200);
    }

    @Test
    void no_copy_is_made_when_the_buffer_has_no_room_for_it() {
        LinkScheduler scheduler = uplink(ONE_BYTE_PER_MS.withDuplicate(1.0).withQueueLimit(150));

        Forward original = (Forward) scheduler.offer(0, 100);

        assertThat(original.duplicateReleaseNanos()).isEmpty();
    }

    @Test
    void the_loopback_profile_releases_every_datagram_as_it_arrives() {
        LinkScheduler scheduler = new LinkScheduler(UPLINK, LinkProfile.LOOPBACK, new SplittableRandom(SEED));

        assertThat(releaseOf(scheduler.offer(7 * MS, 65_507))).isEqualTo(7 * MS);
        assertThat(releaseOf(scheduler.offer(7 * MS, 0))).isEqualTo(7 * MS);
    }

    @Test
    void reset_flushes_the_buffer() {
        LinkScheduler scheduler = uplink(ONE_BYTE_PER_MS.withQueueLimit(300));
        scheduler.offer(0, 300);

        scheduler.reset();

        assertThat(scheduler.backlogBytes(0)).isZero();
        assertThat(releaseOf(scheduler.offer(0, 100))).isEqualTo(100 * MS);
    }

    @Test
    void a_new_profile_applies_from_the_next_datagram() {
        LinkScheduler scheduler = uplink(ONE_BYTE_PER_MS);
        scheduler.offer(0, 100);

        scheduler.setProfile(link(ONE_BYTE_PER_MS.withRate(16_000)));

        assertThat(releaseOf(scheduler.offer(0, 100))).isEqualTo(150 * MS);
    }

    @Test
    void a_negative_size_is_a_broken_contract() {
        assertThatThrownBy(() -> uplink(ONE_BYTE_PER_MS).offer(0, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Verdict> run(LinkScheduler scheduler) {
        List<Verdict> verdicts = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            verdicts.add(scheduler.offer(i * 20 * MS, 10 + i % 90));
        }
        return verdicts;
    }

    private static long releaseOf(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Forward.class);
        return ((Forward) verdict).releaseNanos();
    }

    private static LinkScheduler uplink(PathProfile path) {
        return new LinkScheduler(UPLINK, link(path), new SplittableRandom(SEED));
    }

    /** No overhead, and an MTU of 1500 bytes or the queue limit, whichever is smaller. */
    private static LinkProfile link(PathProfile uplink) {
        return new LinkProfile("test", PathProfile.UNIMPAIRED, uplink, (int) Math.min(1500, uplink.queueLimitBytes()), 0);
    }
}
