package io.cellota.device.lwm2m;

import java.time.Duration;

/**
 * CoAP and DTLS retransmission timing for a link, with the derived lifetimes of RFC 7252 §4.8.2 computed from
 * it (Californium takes them as independent settings, so they must be recomputed whenever the timeouts change).
 *
 * @param ackTimeout    initial retransmission timeout; above the link's worst usual round trip
 * @param ackRandom     ACK_RANDOM_FACTOR
 * @param maxRetransmit retransmissions before an exchange fails
 * @param maxLatency    the longest a datagram may take one way (RFC 7252 MAX_LATENCY)
 */
public record CoapTiming(Duration ackTimeout, double ackRandom, int maxRetransmit, Duration maxLatency) {

    /** LTE-M: RTT 0.1–0.5 s, the RFC defaults fit. */
    public static final CoapTiming LTE_M = new CoapTiming(Duration.ofSeconds(2), 1.5, 4, Duration.ofSeconds(100));
    /** NB-IoT: RTT of 2–5 s with serialisation; a 2 s timeout would retransmit spuriously. */
    public static final CoapTiming NB_IOT = new CoapTiming(Duration.ofSeconds(8), 1.5, 4, Duration.ofSeconds(100));
    /** The worst cellular link we design for: RTT up to 10 s. */
    public static final CoapTiming DEEP_COVERAGE = new CoapTiming(Duration.ofSeconds(15), 1.5, 3, Duration.ofSeconds(100));
    /** Loopback tests without impairment: fail fast. */
    public static final CoapTiming LOOPBACK = new CoapTiming(Duration.ofMillis(500), 1.5, 4, Duration.ofSeconds(5));

    public CoapTiming {
        if (ackTimeout.isNegative() || ackTimeout.isZero() || ackRandom < 1.0 || maxRetransmit < 0) {
            throw new IllegalArgumentException("invalid CoAP timing");
        }
    }

    /** MAX_TRANSMIT_SPAN = ACK_TIMEOUT × (2^MAX_RETRANSMIT − 1) × ACK_RANDOM_FACTOR. */
    public Duration maxTransmitSpan() {
        return Duration.ofMillis((long) (ackTimeout.toMillis() * ((1L << maxRetransmit) - 1) * ackRandom));
    }

    /** The longest an exchange may last before the client gives up: the whole back-off plus one last wait. */
    public Duration maxTransmitWait() {
        return Duration.ofMillis((long) (ackTimeout.toMillis() * ((1L << (maxRetransmit + 1)) - 1) * ackRandom));
    }

    /** EXCHANGE_LIFETIME = MAX_TRANSMIT_SPAN + 2 × MAX_LATENCY + PROCESSING_DELAY (= ACK_TIMEOUT). */
    public Duration exchangeLifetime() {
        return maxTransmitSpan().plus(maxLatency.multipliedBy(2)).plus(ackTimeout);
    }

    /** NON_LIFETIME = MAX_TRANSMIT_SPAN + MAX_LATENCY. */
    public Duration nonLifetime() {
        return maxTransmitSpan().plus(maxLatency);
    }

    /** A cap for single back-off steps: the last step of the exponential series. */
    public Duration maxAckTimeout() {
        return Duration.ofMillis((long) (ackTimeout.toMillis() * (1L << maxRetransmit) * ackRandom));
    }

    /** Timing for the named link profile: {@code lte-m}, {@code nb-iot}, {@code deep}, {@code loopback}. */
    public static CoapTiming forProfile(String name) {
        if (name.startsWith("nb-iot")) {
            return NB_IOT;
        }
        if (name.startsWith("lte-m")) {
            return LTE_M;
        }
        if (name.startsWith("deep")) {
            return DEEP_COVERAGE;
        }
        return LOOPBACK;
    }
}
