package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/** The window and RTO decisions on a fake clock: no network, no sleeping. */
class DownloadPacerTest {

    private static final int BLOCK = 1024;
    private static final Duration RTT = Duration.ofMillis(200);

    private Instant now = Instant.parse("2025-01-01T00:00:00Z");

    private static DownloadOptions options(WindowPolicy window) {
        return DownloadOptions.LTE_M.withWindow(window)
                .withRto(Duration.ofSeconds(1), Duration.ofMillis(100), Duration.ofSeconds(30), 2);
    }

    @Test
    void a_fixed_window_opens_only_after_the_first_answer() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.fixed(8)));
        assertThat(pacer.window()).isEqualTo(1);

        answerAfter(pacer, RTT);

        assertThat(pacer.window()).isEqualTo(8);
    }

    @Test
    void a_fixed_window_stays_put_under_loss_while_the_rto_backs_off() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.fixed(8)));
        answerAfter(pacer, RTT);
        Duration rto = pacer.rto();

        pacer.lost(now);

        assertThat(pacer.window()).isEqualTo(8);
        assertThat(pacer.rto()).isEqualTo(rto.multipliedBy(2));
    }

    @Test
    void the_rto_follows_the_measured_round_trip() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.LOCKSTEP));
        assertThat(pacer.rto()).isEqualTo(Duration.ofSeconds(1));

        for (int i = 0; i < 20; i++) {
            answerAfter(pacer, RTT);
        }

        assertThat(pacer.rto()).isBetween(RTT, RTT.multipliedBy(2));
    }

    @Test
    void retransmitted_answers_are_not_sampled() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.LOCKSTEP));
        DownloadPacer.Sent sent = pacer.sent(now);
        now = now.plus(Duration.ofSeconds(5));

        pacer.answered(sent, BLOCK, true, now);

        assertThat(pacer.rto()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void an_adaptive_window_opens_at_the_initial_window_within_the_rate_cap_then_doubles_per_round_trip() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(64)));
        answerAfter(pacer, RTT);
        assertThat(pacer.congestionWindow()).isEqualTo(DownloadPacer.INITIAL_WINDOW);
        assertThat(pacer.window()).as("one block per round trip measured: cap 1 + 2").isEqualTo(3);

        answerRound(pacer);
        assertThat(pacer.window()).isEqualTo(7);
        answerRound(pacer);
        assertThat(pacer.window()).isEqualTo(14);
        answerRound(pacer);
        assertThat(pacer.window()).isEqualTo(28);
    }

    @Test
    void an_initial_window_larger_than_the_policy_is_the_policy() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(2)));
        answerAfter(pacer, RTT);

        assertThat(pacer.congestionWindow()).isEqualTo(2);
    }

    @Test
    void an_adaptive_window_never_exceeds_its_policy() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(6)));
        answerAfter(pacer, RTT);

        for (int round = 0; round < 10; round++) {
            answerRound(pacer);
        }

        assertThat(pacer.window()).isEqualTo(6);
    }

    @Test
    void a_loss_that_finds_a_queue_halves_a_window_larger_than_the_pipe_once_per_round_trip() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(64)));
        flow(pacer, Duration.ofMillis(400), Duration.ofMillis(50), 300);
        assertThat(pacer.pipe()).as("400 ms at one block per 50 ms").isBetween(7.5, 8.5);
        assertThat(pacer.window()).as("the rate cap, 1 + 2 x 8").isEqualTo(17);
        assertThat(pacer.backlog()).as("about 9 blocks queued").isBetween(8.0, 10.0);
        double before = pacer.congestionWindow();
        assertThat(before).as("the window has grown beyond the pipe").isGreaterThan(2 * pacer.pipe());

        pacer.lost(now);
        pacer.lost(now.plusMillis(10));
        pacer.lost(now.plusMillis(20));

        assertThat(pacer.congestionWindow()).as("once for the three losses of one round trip").isEqualTo(before / 2);

        now = now.plus(Duration.ofSeconds(2));
        pacer.lost(now);
        assertThat(pacer.congestionWindow()).as("a round trip later, again, down to the pipe")
                .isEqualTo(Math.max(before / 4, Math.ceil(pacer.pipe())));
    }

    @Test
    void losses_never_shrink_the_window_below_the_measured_pipe() {
        DownloadPacer pacer = bottleneckedPacer();
        double pipe = Math.ceil(pacer.pipe());
        assertThat(pipe).as("200 ms at one block per 100 ms").isBetween(2.0, 3.0);

        for (int i = 0; i < 10; i++) {
            now = now.plus(RTT.multipliedBy(4));
            pacer.lost(now);
        }

        assertThat(pacer.congestionWindow()).isEqualTo(pipe);
        assertThat(pacer.window()).isEqualTo((int) pipe);
    }

    @Test
    void a_request_behind_others_waits_for_the_queue_they_form_at_the_measured_rate() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.fixed(16)));
        answerAfter(pacer, RTT);
        for (int round = 0; round < 10; round++) {
            answerRound(pacer);
        }
        // 16 blocks answered per 200 ms round trip: 12.5 ms per block, a pipe of 16 blocks; behind 30 a request
        // expects 200 ms + (31 - 16) * 12.5 ms of queueing, and gets a quarter as much again as margin
        assertThat(pacer.rto()).as("steady round trips: the plain RTO is close to them").isLessThan(
                Duration.ofMillis(260));

        assertThat(pacer.rto(0)).isEqualTo(pacer.rto());
        assertThat(pacer.rto(10)).as("within the pipe: no queue").isEqualTo(pacer.rto());
        assertThat(pacer.rto(30).toMillis()).isBetween(433L, 435L);
        assertThat(pacer.rto(100_000)).as("bounded by the maximum RTO").isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void without_a_measured_rate_a_request_behind_others_has_the_plain_rto() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.fixed(8)));

        assertThat(pacer.rto(7)).isEqualTo(pacer.rto()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void random_loss_on_a_path_without_a_queue_keeps_a_window_the_path_was_seen_to_carry() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(16)));
        answerAfter(pacer, RTT);
        for (int round = 0; round < 5; round++) {
            answerRound(pacer);
        }
        assertThat(pacer.window()).isEqualTo(16);
        assertThat(pacer.pipe()).as("16 blocks answered per round trip, no queue").isEqualTo(16);

        pacer.lost(now);

        assertThat(pacer.window()).isEqualTo(16);
    }

    @Test
    void after_a_loss_that_found_a_queue_the_window_grows_by_about_one_block_per_round_trip() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(64)));
        Duration rtt = Duration.ofMillis(400);
        Duration perBlock = Duration.ofMillis(50);
        flow(pacer, rtt, perBlock, 300);
        pacer.lost(now);
        double halved = pacer.congestionWindow();
        assertThat(halved).as("halved, to the pipe at least").isGreaterThanOrEqualTo(8);

        // ten round trips of answers at the window halving left (rate-capped at 17): about ten blocks more
        flow(pacer, rtt, perBlock, (int) (10 * halved));

        assertThat(pacer.congestionWindow()).isBetween(halved + 8, halved + 11);
    }

    @Test
    void a_single_late_answer_is_jitter_not_a_queue() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(64)));
        answerAfter(pacer, RTT);
        for (int round = 0; round < 2; round++) {
            answerRound(pacer);
        }
        answerAfter(pacer, RTT.multipliedBy(3));
        int window = pacer.window();

        pacer.lost(now);

        assertThat(pacer.backlog()).isLessThan(DownloadPacer.CONGESTION_BACKLOG);
        assertThat(pacer.window()).isEqualTo(window);
    }

    @Test
    void a_loss_that_finds_no_queue_is_the_links_own_and_leaves_the_window_while_the_rto_backs_off() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(64)));
        answerAfter(pacer, RTT);
        for (int round = 0; round < 2; round++) {
            answerRound(pacer);
        }
        int window = pacer.window();
        Duration rto = pacer.rto();
        assertThat(pacer.backlog()).as("every answer came after the minimum round trip").isZero();

        pacer.lost(now);
        pacer.lossInferred(now.plus(RTT));

        assertThat(pacer.window()).isEqualTo(window);
        assertThat(pacer.rto()).isEqualTo(rto.multipliedBy(2));
    }

    @Test
    void random_losses_every_round_trip_keep_the_window_at_its_cap_where_reno_halving_kept_it_near_the_pipe() {
        // NB-IoT-like: 1.6 s round trips, the window's 8 blocks answered together; one request of each round lost
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(8)));
        Duration rtt = Duration.ofMillis(1600);
        DownloadPacer.Sent first = pacer.sent(now);
        now = now.plus(rtt);
        pacer.answered(first, BLOCK, false, now);
        for (int round = 0; round < 20; round++) {
            int window = pacer.window();
            Instant roundStart = now;
            DownloadPacer.Sent[] sent = new DownloadPacer.Sent[window];
            for (int i = 0; i < window; i++) {
                sent[i] = pacer.sent(roundStart);
            }
            now = roundStart.plus(rtt);
            for (int i = 1; i < window; i++) {
                pacer.answered(sent[i], BLOCK, false, now);
            }
            pacer.lossInferred(now);
        }

        assertThat(pacer.window()).isEqualTo(8);
    }

    @Test
    void a_request_sent_before_an_answered_one_is_presumed_lost_after_that_round_trip_and_a_quarter_of_the_minimum() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(16)));
        answerAfter(pacer, RTT);
        Instant early = now;
        pacer.sent(early);
        now = now.plusMillis(10);
        DownloadPacer.Sent later = pacer.sent(now);
        now = now.plus(RTT);
        pacer.answered(later, BLOCK, false, now);

        assertThat(pacer.presumedLost(early, now)).as("210 ms out: within 200 ms + 50 ms").isFalse();
        assertThat(pacer.presumedLost(early, early.plusMillis(250))).isFalse();
        assertThat(pacer.presumedLost(early, early.plusMillis(251))).isTrue();
        assertThat(pacer.presumedLost(later.at(), now.plusSeconds(5))).as("nothing sent after it was answered")
                .isFalse();
        assertThat(pacer.presumedLost(now, now.plusSeconds(5))).as("sent after the newest answered one").isFalse();
    }

    @Test
    void nothing_is_presumed_lost_before_the_first_answer() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(16)));
        Instant sent = now;
        pacer.sent(sent);

        assertThat(pacer.presumedLost(sent, now.plusSeconds(60))).isFalse();
    }

    @Test
    void an_adaptive_window_counts_only_requests_on_the_path_a_fixed_one_counts_every_request_and_retry() {
        DownloadPacer adaptive = new DownloadPacer(options(WindowPolicy.auto(8)));
        DownloadPacer fixed = new DownloadPacer(options(WindowPolicy.fixed(8)));
        assertThat(adaptive.room(0, 0, 0)).as("one at a time before the first answer").isEqualTo(1);
        answerAfter(adaptive, RTT);
        answerAfter(fixed, RTT);
        while (adaptive.window() < 8) {
            answerRound(adaptive);
        }

        assertThat(adaptive.room(8, 2, 3)).as("8 outstanding, 2 of them presumed lost, 3 retries waiting")
                .isEqualTo(2);
        assertThat(fixed.room(8, 2, 3)).isEqualTo(-3);
        assertThat(fixed.room(4, 0, 1)).isEqualTo(3);
    }

    @Test
    void repeated_losses_never_close_the_window() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(16)));
        answerAfter(pacer, RTT);

        for (int i = 0; i < 10; i++) {
            now = now.plusSeconds(60);
            pacer.lost(now);
        }

        assertThat(pacer.window()).isEqualTo(1);
        assertThat(pacer.rto()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void the_delivery_rate_caps_the_window_near_twice_the_bandwidth_delay_product() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(64)));
        answerAfter(pacer, RTT);
        // 200 ms of propagation, then a bottleneck that serves one block per 100 ms: BDP = 10/s * 0.2 s = 2 blocks
        for (int round = 0; round < 12; round++) {
            int window = pacer.window();
            Instant roundStart = now;
            DownloadPacer.Sent[] sent = new DownloadPacer.Sent[window];
            for (int i = 0; i < window; i++) {
                sent[i] = pacer.sent(roundStart);
            }
            for (int i = 0; i < window; i++) {
                now = roundStart.plus(RTT).plus(Duration.ofMillis(100L * i));
                pacer.answered(sent[i], BLOCK, false, now);
            }
        }

        assertThat(pacer.rateCap()).isBetween(4.0, 5.0);
        assertThat(pacer.congestionWindow()).isLessThanOrEqualTo(2 * pacer.rateCap() + 1);
        assertThat(pacer.window()).isBetween(4, 5);
    }

    @Test
    void a_smaller_negotiated_block_raises_the_cap_in_blocks() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(64)));
        answerAfter(pacer, RTT);
        double capInKilobyteBlocks = pacer.rateCap();

        pacer.blockSize(256);

        assertThat(pacer.rateCap()).isGreaterThan(capInKilobyteBlocks);
    }

    /**
     * An adaptive pacer after twelve round trips through 200 ms of propagation and a bottleneck serving one block
     * per 100 ms (a pipe of two blocks), each round sending the whole window at once.
     */
    private DownloadPacer bottleneckedPacer() {
        DownloadPacer pacer = new DownloadPacer(options(WindowPolicy.auto(64)));
        answerAfter(pacer, RTT);
        for (int round = 0; round < 12; round++) {
            int window = pacer.window();
            Instant roundStart = now;
            DownloadPacer.Sent[] sent = new DownloadPacer.Sent[window];
            for (int i = 0; i < window; i++) {
                sent[i] = pacer.sent(roundStart);
            }
            for (int i = 0; i < window; i++) {
                now = roundStart.plus(RTT).plus(Duration.ofMillis(100L * i));
                pacer.answered(sent[i], BLOCK, false, now);
            }
        }
        return pacer;
    }

    /**
     * A continuous download through a path of {@code rtt} whose bottleneck serves one block per {@code perBlock},
     * the window always full: each answer leaves the bottleneck {@code perBlock} after the previous one, or a round
     * trip after its request if the link was idle (a FIFO queue). Runs until {@code answers} answers came.
     */
    private void flow(DownloadPacer pacer, Duration rtt, Duration perBlock, int answers) {
        ArrayDeque<DownloadPacer.Sent> inFlight = new ArrayDeque<>();
        Instant lastOut = now;
        for (int n = 0; n < answers; n++) {
            while (inFlight.size() < pacer.window()) {
                inFlight.add(pacer.sent(now));
            }
            DownloadPacer.Sent next = inFlight.poll();
            Instant out = next.at().plus(rtt);
            if (out.isBefore(lastOut.plus(perBlock))) {
                out = lastOut.plus(perBlock);
            }
            now = out;
            lastOut = out;
            pacer.answered(next, BLOCK, false, now);
        }
    }

    private void answerAfter(DownloadPacer pacer, Duration rtt) {
        DownloadPacer.Sent sent = pacer.sent(now);
        now = now.plus(rtt);
        pacer.answered(sent, BLOCK, false, now);
    }

    /** One round trip in which every request of the current window is answered. */
    private void answerRound(DownloadPacer pacer) {
        int window = pacer.window();
        Instant roundStart = now;
        DownloadPacer.Sent[] sent = new DownloadPacer.Sent[window];
        for (int i = 0; i < window; i++) {
            sent[i] = pacer.sent(roundStart);
        }
        now = roundStart.plus(RTT);
        for (int i = 0; i < window; i++) {
            pacer.answered(sent[i], BLOCK, false, now);
        }
    }
}
