package io.cellota.device.download;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides how many block requests a CoAP download keeps outstanding and how long each waits for an answer:
 * the window/RTO logic as a pure state machine driven with explicit instants, so tests run it on made-up time.
 *
 * <p><b>RTO.</b> An {@link RttEstimator} (RFC 6298) fed with the round trip of every answered request that
 * was never retransmitted. A loss signal (a retransmission or a timeout) doubles the RTO until the next
 * sample, at most once per RTO: with many requests outstanding, one outage must not double it once per
 * request, as TCP's single retransmission timer would not. A request sent behind others waits at least the
 * round trip their queueing at the measured delivery rate implies ({@link #rto(int)}).
 *
 * <p><b>Window.</b> Always 1 until the first answer (the DTLS handshake parks at most 10 messages and drops
 * the rest silently). Then, for a {@linkplain WindowPolicy#adaptive() fixed} policy, its size, counting every
 * request outstanding or waiting for a retry ({@link #room}). For an adaptive policy, the smaller of two limits,
 * never below 1 nor above the policy's size, counting only the requests believed to be on the path: not those
 * waiting for a retry timer, nor those {@linkplain #presumedLost presumed lost} and not yet retransmitted (after
 * RACK, RFC 8985: a request sent before one already answered, outstanding longer than that one's round trip and a
 * reordering allowance). A lost request holds no place in the bottleneck's buffer; counting it kept an adaptive
 * window of 8 on lossy NB-IoT about half idle while its losses waited out their RTOs (2.04 times the limit
 * against 1.18 for a fixed window of 16; docs/benchmarks.md).
 * <ol>
 *   <li><b>AIMD</b>, as TCP Reno: a congestion window {@code cwnd}, {@link #INITIAL_WINDOW} blocks after the
 *       first answer, grows by one block per answer below the
 *       slow-start threshold (doubling per round trip) and by {@code 1/cwnd} above it (one block per round
 *       trip); on a loss signal (a CoAP retransmission, a timeout, or a request presumed lost) that finds a
 *       queue at the bottleneck it halves ({@code ssthresh = cwnd = max(1, cwnd/2)}), at most once per smoothed
 *       round trip so that one burst of losses halves it once, but never below the measured pipe
 *       ({@link #pipe()}: delivery rate times minimum round trip, the window that fills the link without
 *       queueing). A loss that finds fewer than {@link #CONGESTION_BACKLOG} blocks queued ({@link #backlog()},
 *       from the smoothed round trip's excess over the minimum, as TCP Veno estimates it) cannot be a full buffer's
 *       drop: it is the link's own loss (a cell edge) and leaves the window as it is. Halving on such losses, as
 *       TCP Reno does, kept the window near 1 under 10 % random loss; halving to the pipe on each kept it at the
 *       pipe, with nothing queued to cover the next loss (docs/benchmarks.md).</li>
 *   <li><b>Delivery-rate cap</b>, after BBR: each answer yields a delivery-rate sample (bytes answered
 *       between the request's send and its answer, over that interval); the cap is
 *       {@code 1 + ceil(2 * maxRate * minRtt / blockSize)} blocks: twice the bandwidth-delay product, where
 *       {@code maxRate} is the largest sample of the last ten smoothed round trips. It keeps a deep window
 *       from merely filling the bottleneck buffer (8 KiB on NB-IoT) once the rate has stopped growing.
 *       {@code cwnd} stops growing at twice the cap (RFC 7661: a window the sender does not use must not
 *       grow without bound), so after a loss it is back near what was really in flight.</li>
 * </ol>
 * Not thread-safe: the download session calls it under its lock.
 */
final class DownloadPacer {

    static final double BDP_GAIN = 2.0;
    /**
     * The adaptive window right after the first answer, as TCP's initial window (RFC 6928) skips the first round
     * trips of slow start: four 1 KiB blocks fit NB-IoT's 8 KiB bottleneck buffer with room to spare, and
     * starting from one cost two to three round trips per download (1.6 s each on NB-IoT; docs/benchmarks.md).
     */
    static final int INITIAL_WINDOW = 4;
    /** How much longer than the expected queueing a request behind others may take before it counts as lost. */
    static final double QUEUE_MARGIN = 1.25;
    static final int RATE_WINDOW_RTTS = 10;
    /** Blocks queued at the bottleneck from which a loss is taken for congestion (TCP Veno's beta). */
    static final double CONGESTION_BACKLOG = 3;
    /** RACK's reordering allowance, as a fraction of the minimum round trip (RFC 8985 §6.2: a quarter). */
    static final double REORDER_FRACTION = 0.25;

    private final WindowPolicy policy;
    private final RttEstimator rtt;
    private final Duration maxRto;
    private final Deque<RateSample> rates = new ArrayDeque<>();
    private boolean open;
    private double cwnd = 1;
    private double ssthresh;
    private Instant lastDecrease;
    private Instant lastBackOff;
    private long delivered;
    private int blockBytes;
    /** The latest transmission answered (by when it was sent), and its round trip: RACK's reference. */
    private Instant newestAnsweredSend;
    private Duration newestAnsweredRtt;
    private Instant lastAnswer;

    /** What the pacer remembers about one request until its answer. */
    record Sent(Instant at, long deliveredBefore) {
    }

    private record RateSample(Instant at, double bytesPerSecond) {
    }

    DownloadPacer(DownloadOptions options) {
        this.policy = options.window();
        this.rtt = new RttEstimator(options.initialRto(), options.minRto(), options.maxRto());
        this.maxRto = options.maxRto();
        this.ssthresh = policy.size();
        this.blockBytes = options.blockSize();
    }

    /** How many requests may be outstanding now. */
    int window() {
        if (!open) {
            return 1;
        }
        if (!policy.adaptive()) {
            return policy.size();
        }
        double limit = Math.min(cwnd, rateCap());
        return (int) Math.max(1, Math.min(policy.size(), Math.floor(limit)));
    }

    /** The timeout for the next request's first transmission, with nothing in flight ahead of it. */
    Duration rto() {
        return rtt.rto();
    }

    /**
     * The timeout for a request sent behind {@code ahead} outstanding ones: the RTO, but at least the round trip
     * the request can expect when it queues behind them at the measured delivery rate, with
     * {@link #QUEUE_MARGIN} to spare: {@code minRtt + max(0, ahead + 1 - pipe) * blockSize / maxRate}, since the
     * first {@link #pipe()} requests are on the wire, not in the bottleneck's queue. The RTO alone follows
     * the round trips of the window a moment ago; when the window grows, the queue it builds at the bottleneck
     * lengthens round trips faster than the estimate follows, and the timeouts fired while the answers were on
     * their way (up to 12 spurious retransmissions per 64 blocks on LTE-M; docs/benchmarks.md). Bounded by the
     * RTO's maximum.
     */
    Duration rto(int ahead) {
        Duration base = rtt.rto();
        if (ahead <= 0 || rates.isEmpty() || rtt.minRtt().isEmpty()) {
            return base;
        }
        double maxRate = rates.stream().mapToDouble(RateSample::bytesPerSecond).max().orElse(0);
        if (maxRate <= 0) {
            return base;
        }
        double queuedBlocks = Math.max(0, ahead + 1 - pipe());
        long queued = (long) (QUEUE_MARGIN * (queuedBlocks * blockBytes / maxRate * 1e9));
        Duration expected = rtt.minRtt().get().plusNanos(queued);
        Duration bounded = expected.compareTo(maxRto) > 0 ? maxRto : expected;
        return bounded.compareTo(base) > 0 ? bounded : base;
    }

    /** Records a request sent at {@code now}. */
    Sent sent(Instant now) {
        return new Sent(now, delivered);
    }

    /** An answer of {@code bytes} to a request sent as {@code sent}; {@code retransmitted} disables its RTT sample. */
    void answered(Sent sent, int bytes, boolean retransmitted, Instant now) {
        Duration elapsed = Duration.between(sent.at(), now);
        if (!retransmitted && !elapsed.isNegative()) {
            rtt.sample(elapsed);
            if (newestAnsweredSend == null || !sent.at().isBefore(newestAnsweredSend)) {
                newestAnsweredSend = sent.at();
                newestAnsweredRtt = elapsed;
            }
        }
        delivered += bytes;
        lastAnswer = now;
        if (elapsed.toNanos() > 0) {
            rates.addLast(new RateSample(now, (delivered - sent.deliveredBefore()) * 1e9 / elapsed.toNanos()));
        }
        Duration horizon = rtt.srtt().orElse(elapsed).multipliedBy(RATE_WINDOW_RTTS);
        while (!rates.isEmpty() && rates.peekFirst().at().isBefore(now.minus(horizon))) {
            rates.removeFirst();
        }
        if (!open) {
            open = true;
            cwnd = Math.min(policy.size(), INITIAL_WINDOW);
            return;
        }
        if (cwnd < 2 * rateCap()) {
            cwnd = Math.min(policy.size(), cwnd < ssthresh ? cwnd + 1 : cwnd + 1 / cwnd);
        }
    }

    /** A transmission went unanswered within its timeout (Californium retransmits, or gave up). */
    void lost(Instant now) {
        if (lastBackOff == null || Duration.between(lastBackOff, now).compareTo(rtt.rto()) >= 0) {
            rtt.backOff();
            lastBackOff = now;
        }
        lossInferred(now);
    }

    /**
     * A request is {@linkplain #presumedLost presumed lost} (no timeout has fired, so the RTO stays): the window
     * halves if the loss found a queue ({@link #backlog()} of at least {@link #CONGESTION_BACKLOG} blocks), else
     * it stays. When no answer has come for an RTO, the backlog is not known and the path may be failing: it halves.
     */
    void lossInferred(Instant now) {
        boolean answersFlow = lastAnswer != null && Duration.between(lastAnswer, now).compareTo(rtt.rto()) <= 0;
        if (answersFlow && backlog() < CONGESTION_BACKLOG) {
            return;
        }
        Duration srtt = rtt.srtt().orElse(rtt.rto());
        if (lastDecrease == null || Duration.between(lastDecrease, now).compareTo(srtt) >= 0) {
            double floor = Math.min(cwnd, Math.min(policy.size(), Math.ceil(pipe())));
            ssthresh = Math.max(1, Math.max(cwnd / 2, floor));
            cwnd = ssthresh;
            lastDecrease = now;
        }
    }

    /**
     * Whether a request last transmitted at {@code transmitted} and not answered by {@code now} is presumed lost
     * (RACK, RFC 8985 §6.2): a request sent later has been answered, and this one has been out longer than that
     * one's round trip plus a quarter of the minimum round trip for reordering. False until an answer is known.
     */
    boolean presumedLost(Instant transmitted, Instant now) {
        if (newestAnsweredSend == null || !transmitted.isBefore(newestAnsweredSend) || rtt.minRtt().isEmpty()) {
            return false;
        }
        long allowance = (long) (REORDER_FRACTION * rtt.minRtt().get().toNanos());
        return Duration.between(transmitted, now).compareTo(newestAnsweredRtt.plusNanos(allowance)) > 0;
    }

    /**
     * How many more requests may be sent now, given {@code outstanding} requests (of which {@code presumedLost}
     * are presumed lost and not yet retransmitted) and {@code waiting} blocks waiting for a retry timer. A fixed
     * window counts them all; an adaptive one only those believed to be on the path.
     */
    int room(int outstanding, int presumedLost, int waiting) {
        if (!open || !policy.adaptive()) {
            return window() - outstanding - waiting;
        }
        return window() - (outstanding - presumedLost);
    }

    /**
     * The blocks queued at the bottleneck, as TCP Veno (after Vegas) estimates them: the smoothed round trip beyond
     * the minimum, times the largest delivery rate, in blocks (0 until both are known). Smoothed, not the latest
     * round trip: on NB-IoT the jitter alone (up to 800 ms a round trip) would make a single one read as 2.4
     * blocks of queue.
     */
    double backlog() {
        if (rtt.srtt().isEmpty() || rates.isEmpty() || rtt.minRtt().isEmpty()) {
            return 0;
        }
        double maxRate = rates.stream().mapToDouble(RateSample::bytesPerSecond).max().orElse(0);
        long queued = rtt.srtt().get().minus(rtt.minRtt().get()).toNanos();
        return Math.max(0, queued / 1e9 * maxRate / blockBytes);
    }

    /**
     * The blocks the path holds without queueing, as measured: the largest delivery rate of the last ten round
     * trips times the smallest round trip, in blocks (1 until both are known). A window this size keeps the link
     * busy and adds nothing to its buffer, so a loss at or below it says nothing about congestion.
     */
    double pipe() {
        if (rates.isEmpty() || rtt.minRtt().isEmpty()) {
            return 1;
        }
        double maxRate = rates.stream().mapToDouble(RateSample::bytesPerSecond).max().orElse(0);
        return Math.max(1, maxRate * rtt.minRtt().get().toNanos() / 1e9 / blockBytes);
    }

    /** The current delivery-rate cap in blocks (infinite until a rate and a round trip are known). */
    double rateCap() {
        if (rates.isEmpty() || rtt.minRtt().isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        double maxRate = rates.stream().mapToDouble(RateSample::bytesPerSecond).max().orElse(0);
        double bdpBytes = maxRate * rtt.minRtt().get().toNanos() / 1e9;
        return 1 + Math.ceil(BDP_GAIN * bdpBytes / blockBytes);
    }

    /** The block size the rate cap counts in; changes when the server negotiates a smaller block. */
    void blockSize(int bytes) {
        blockBytes = bytes;
    }

    double congestionWindow() {
        return cwnd;
    }
}
