package io.cellota.device.link;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A named cellular link to emulate: one {@link PathProfile} per direction, the largest IP packet the link
 * carries and the per-datagram header overhead counted against its rate. The built-in profiles and the
 * public figures behind them are tabled in {@code docs/link-profiles.md}.
 *
 * <p>Rates count <em>wire bytes</em>: the UDP payload plus {@link #overheadBytes()} per datagram. The
 * default overhead, {@link #IPV4_UDP_OVERHEAD}, is the uncompressed IPv4 and UDP headers, which is also
 * what an operator bills; radio-layer headers (PDCP/RLC/MAC) and header compression (ROHC) are not
 * modelled. A datagram is dropped ({@link DropReason#MTU}) when its payload plus overhead exceeds
 * {@link #mtu()}, so the largest UDP payload that passes is {@link #maxPayloadBytes()}.
 *
 * <p>{@link #natRebindInterval()}, when present, is how long a NAT binding lasts: the proxy gives every
 * device's mapping a new upstream source port that often, as a carrier-grade NAT with a short UDP timeout
 * does. No built-in profile rebinds.
 *
 * <p>Copies that take a value per direction take the downlink first, in the order of the components.
 *
 * @param name the profile's name, as {@link #named(String)} finds it
 * @param downlink the impairment from server to device
 * @param uplink the impairment from device to server
 * @param mtu the link MTU in bytes: the largest IP packet, headers included
 * @param overheadBytes bytes added to each datagram's UDP payload for rate, queue and MTU accounting
 * @param natRebindInterval how often each device's NAT binding moves to a new source port, at least
 *     {@link #MIN_NAT_REBIND_INTERVAL}; empty for never
 */
public record LinkProfile(String name, PathProfile downlink, PathProfile uplink, int mtu, int overheadBytes,
        Optional<Duration> natRebindInterval) {

    /** IPv4 (20) plus UDP (8) header bytes. */
    public static final int IPV4_UDP_OVERHEAD = 28;
    /** IPv6 (40) plus UDP (8) header bytes. */
    public static final int IPV6_UDP_OVERHEAD = 48;
    /** The largest IPv4 packet. */
    public static final int MAX_IP_PACKET = 65_535;
    /**
     * The link MTU that 3GPP TS 23.401 Annex C recommends operators provide to UEs (so that GTP-U
     * tunnelling in the core does not fragment), and a common default on LTE-M and NB-IoT PDNs.
     */
    public static final int CELLULAR_MTU = 1358;
    /**
     * The shortest NAT rebinding interval. Real NAT timeouts are tens of seconds or more; the floor keeps
     * a typo from making the proxy spend itself opening sockets.
     */
    public static final Duration MIN_NAT_REBIND_INTERVAL = Duration.ofMillis(100);

    /**
     * LTE Cat-M1 in good coverage. Rates: the Rel-13 HD-FDD peaks with scheduling gaps are about
     * 300 kbit/s down and 375 kbit/s up (3GPP TS 36.306 TBS of 1000 bits; widely quoted); we take
     * 300 kbit/s both ways since continuous uplink grants are rare. Delay: 3GPP/GSMA quote 10–15 ms of
     * radio latency, but RTTs measured from a device through an operator core to a server are 100–200 ms
     * (connected-mode DRX, scheduling requests, half-duplex turnaround, core and internet path): 60 ms
     * each way plus up to 30 ms jitter gives 120–180 ms. Loss 0: HARQ and RLC acknowledged mode
     * retransmit below IP. Queue: about two seconds at the link rate (64 KiB), the order of cellular
     * bottleneck buffers. MTU {@link #CELLULAR_MTU}.
     */
    public static final LinkProfile LTE_M = new LinkProfile("lte-m",
            path(300_000, 60, 30, 64 * 1024), path(300_000, 60, 30, 64 * 1024), CELLULAR_MTU, IPV4_UDP_OVERHEAD);

    /**
     * NB-IoT Cat-NB1 as deployed, good coverage. Rates: the Rel-13 Cat-NB1 sustained peaks, 26 kbit/s
     * down (one HARQ process, 680-bit TBS) and 62 kbit/s up (multi-tone); single-tone devices get less.
     * Delay: vendor and GSMA tables quote 1.6 s to 10 s of latency (3GPP TR 45.820 set at most 10 s at
     * 164 dB coupling loss as the objective), 1.6 s being good coverage; 800 ms each way
     * plus up to 400 ms jitter gives an RTT of 1.6–2.4 s, enough to make the RFC 7252 default
     * ACK_TIMEOUT (2 s) retransmit spuriously, as on real NB-IoT. Loss 0 (HARQ, RLC AM). Queues about
     * two seconds at rate: 8 KiB down, 16 KiB up. MTU {@link #CELLULAR_MTU}.
     */
    public static final LinkProfile NB_IOT = new LinkProfile("nb-iot",
            path(26_000, 800, 400, 8 * 1024), path(62_000, 800, 400, 16 * 1024), CELLULAR_MTU, IPV4_UDP_OVERHEAD);

    /** {@link #NB_IOT} at the cell edge: 10 % residual loss in each direction. */
    public static final LinkProfile NB_IOT_LOSSY = NB_IOT.withLoss(0.10).withName("nb-iot-lossy");

    /** {@link #LTE_M} with 10 % residual loss in each direction. */
    public static final LinkProfile LTE_M_LOSSY = LTE_M.withLoss(0.10).withName("lte-m-lossy");

    /** No impairment: unlimited rate and queue, no delay or loss, the largest IPv4 packet as MTU. */
    public static final LinkProfile LOOPBACK = new LinkProfile("loopback",
            PathProfile.UNIMPAIRED, PathProfile.UNIMPAIRED, MAX_IP_PACKET, IPV4_UDP_OVERHEAD);

    private static final List<LinkProfile> BUILT_INS = List.of(LTE_M, NB_IOT, NB_IOT_LOSSY, LTE_M_LOSSY, LOOPBACK);

    public LinkProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a link profile needs a name");
        }
        Objects.requireNonNull(downlink, "downlink");
        Objects.requireNonNull(uplink, "uplink");
        if (overheadBytes < 0 || overheadBytes > 1024) {
            throw new IllegalArgumentException("overhead must be 0..1024 bytes, was " + overheadBytes);
        }
        if (mtu <= overheadBytes || mtu > MAX_IP_PACKET) {
            throw new IllegalArgumentException(
                    "MTU must exceed the overhead (" + overheadBytes + ") and be at most " + MAX_IP_PACKET + ", was " + mtu);
        }
        if (downlink.queueLimitBytes() < mtu || uplink.queueLimitBytes() < mtu) {
            throw new IllegalArgumentException("each queue limit must hold at least one MTU (" + mtu + " bytes)");
        }
        Objects.requireNonNull(natRebindInterval, "natRebindInterval");
        natRebindInterval.ifPresent(interval -> {
            if (interval.compareTo(MIN_NAT_REBIND_INTERVAL) < 0) {
                throw new IllegalArgumentException("the NAT rebinding interval must be at least "
                        + MIN_NAT_REBIND_INTERVAL.toMillis() + " ms, was " + interval);
            }
        });
    }

    /** A profile whose NAT bindings last until the proxy closes or is told to {@code rebind}. */
    public LinkProfile(String name, PathProfile downlink, PathProfile uplink, int mtu, int overheadBytes) {
        this(name, downlink, uplink, mtu, overheadBytes, Optional.empty());
    }

    /** The built-in profile called {@code name} (case-insensitive), if there is one. */
    public static Optional<LinkProfile> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return BUILT_INS.stream().filter(profile -> profile.name().equals(wanted)).findFirst();
    }

    /**
     * Reads a profile from text, as on a command line: a built-in name, then optional comma-separated
     * {@code key=value} overrides, e.g. {@code nb-iot}, {@code lte-m,loss=0.05} or
     * {@code nb-iot,down=20kbit,up=40kbit,delay=1500ms,jitter=500ms,loss=0.1,queue=8KiB,mtu=1280,rebind=30s}.
     * The keys are {@code down}, {@code up} (rates), {@code delay}, {@code jitter}, {@code loss},
     * {@code reorder}, {@code duplicate}, {@code queue} (each one value for both directions, or
     * {@code downlink/uplink}), {@code mtu}, {@code overhead} and {@code rebind} ({@code off} for none);
     * units and ranges are tabled in {@code docs/link-profiles.md}. The result is named by its canonical
     * {@linkplain #toText() text}.
     *
     * @throws IllegalArgumentException saying what is wrong: an unknown name or key, a key given twice, a
     *     bad number or unit, or a value out of range
     */
    public static LinkProfile parse(String text) {
        return LinkProfileText.parse(text);
    }

    /**
     * This profile as text that {@link #parse} reads back with every field equal: the built-in it is named
     * after (or {@code loopback}), then the fields that differ from it. For a built-in or a parsed profile
     * this is its name, so {@code parse(p.toText()).equals(p)}.
     */
    public String toText() {
        return LinkProfileText.format(this);
    }

    /** All built-in profiles. */
    public static List<LinkProfile> builtIns() {
        return BUILT_INS;
    }

    /** The impairment of {@code direction}. */
    public PathProfile path(Direction direction) {
        return direction.path(this);
    }

    /** The smallest round-trip time the link allows: both base delays, no jitter, no serialization. */
    public Duration minimumRtt() {
        return downlink.delay().plus(uplink.delay());
    }

    /** The largest UDP payload that fits the MTU. */
    public int maxPayloadBytes() {
        return mtu - overheadBytes;
    }

    /** The bytes a datagram with {@code payloadBytes} of UDP payload counts against rate, queue and MTU. */
    public long wireBytes(int payloadBytes) {
        return (long) payloadBytes + overheadBytes;
    }

    public LinkProfile withName(String newName) {
        return new LinkProfile(newName, downlink, uplink, mtu, overheadBytes, natRebindInterval);
    }

    public LinkProfile withDownlink(PathProfile path) {
        return new LinkProfile(name, path, uplink, mtu, overheadBytes, natRebindInterval);
    }

    public LinkProfile withUplink(PathProfile path) {
        return new LinkProfile(name, downlink, path, mtu, overheadBytes, natRebindInterval);
    }

    public LinkProfile withRate(long downlinkBitsPerSecond, long uplinkBitsPerSecond) {
        return new LinkProfile(name, downlink.withRate(downlinkBitsPerSecond), uplink.withRate(uplinkBitsPerSecond),
                mtu, overheadBytes, natRebindInterval);
    }

    public LinkProfile withDelay(Duration downlinkDelay, Duration uplinkDelay) {
        return new LinkProfile(name, downlink.withDelay(downlinkDelay), uplink.withDelay(uplinkDelay), mtu, overheadBytes,
                natRebindInterval);
    }

    /** The same jitter bound in both directions. */
    public LinkProfile withJitter(Duration maxExtraDelay) {
        return new LinkProfile(name, downlink.withJitter(maxExtraDelay), uplink.withJitter(maxExtraDelay),
                mtu, overheadBytes, natRebindInterval);
    }

    /** The same loss probability in both directions. */
    public LinkProfile withLoss(double probability) {
        return withLoss(probability, probability);
    }

    public LinkProfile withLoss(double downlinkProbability, double uplinkProbability) {
        return new LinkProfile(name, downlink.withLoss(downlinkProbability), uplink.withLoss(uplinkProbability),
                mtu, overheadBytes, natRebindInterval);
    }

    /** The same reorder probability in both directions. */
    public LinkProfile withReorder(double probability) {
        return new LinkProfile(name, downlink.withReorder(probability), uplink.withReorder(probability),
                mtu, overheadBytes, natRebindInterval);
    }

    /** The same duplicate probability in both directions. */
    public LinkProfile withDuplicate(double probability) {
        return new LinkProfile(name, downlink.withDuplicate(probability), uplink.withDuplicate(probability),
                mtu, overheadBytes, natRebindInterval);
    }

    public LinkProfile withQueueLimit(long downlinkBytes, long uplinkBytes) {
        return new LinkProfile(name, downlink.withQueueLimit(downlinkBytes), uplink.withQueueLimit(uplinkBytes),
                mtu, overheadBytes, natRebindInterval);
    }

    public LinkProfile withMtu(int bytes) {
        return new LinkProfile(name, downlink, uplink, bytes, overheadBytes, natRebindInterval);
    }

    public LinkProfile withOverhead(int bytesPerDatagram) {
        return new LinkProfile(name, downlink, uplink, mtu, bytesPerDatagram, natRebindInterval);
    }

    /** NAT bindings that move to a new source port every {@code interval}. */
    public LinkProfile withNatRebinding(Duration interval) {
        if (interval == null) {
            throw new IllegalArgumentException("a NAT rebinding interval is needed; use withoutNatRebinding() for none");
        }
        return new LinkProfile(name, downlink, uplink, mtu, overheadBytes, Optional.of(interval));
    }

    /** NAT bindings that last until the proxy closes or is told to {@code rebind}. */
    public LinkProfile withoutNatRebinding() {
        return new LinkProfile(name, downlink, uplink, mtu, overheadBytes, Optional.empty());
    }

    private static PathProfile path(long bitsPerSecond, long delayMillis, long jitterMillis, long queueBytes) {
        return new PathProfile(bitsPerSecond, Duration.ofMillis(delayMillis), Duration.ofMillis(jitterMillis),
                0, 0, 0, queueBytes);
    }
}
