package io.cellota.server.lwm2m;

import java.time.Duration;

/**
 * The CoAP and DTLS settings of the server, for devices on cellular links (see docs/configuration.md).
 *
 * @param ackTimeout      CoAP initial retransmission timeout; above the RTT of the slowest devices served
 * @param maxRetransmit   CoAP retransmissions before a request fails
 * @param maxLatency      RFC 7252 MAX_LATENCY, for the derived lifetimes
 * @param blockSize       the largest block the server sends or asks for (1024, the most CoAP allows)
 * @param maxBodySize     the largest body assembled in memory (a pushed package is one)
 * @param blockwiseLifetime how long a block-wise transfer may pause between blocks
 * @param connectionIdLength DTLS Connection ID length the server assigns (≥ 4; 0 turns CID off)
 * @param maxDtlsConnections DTLS sessions kept (one per device)
 */
public record ServerCoapSettings(Duration ackTimeout, int maxRetransmit, Duration maxLatency, int blockSize,
                                 int maxBodySize, Duration blockwiseLifetime, int connectionIdLength,
                                 int maxDtlsConnections) {

    /** Defaults for a fleet on LTE-M and NB-IoT. */
    public static final ServerCoapSettings CELLULAR = new ServerCoapSettings(Duration.ofSeconds(4), 4,
            Duration.ofSeconds(100), 1024, 8 * 1024 * 1024, Duration.ofMinutes(10), 6, 100_000);

    public ServerCoapSettings {
        if (ackTimeout.isNegative() || ackTimeout.isZero() || maxRetransmit < 0) {
            throw new IllegalArgumentException("invalid retransmission settings");
        }
        if (Integer.bitCount(blockSize) != 1 || blockSize < 16 || blockSize > 1024) {
            throw new IllegalArgumentException("block size must be a power of two in 16..1024");
        }
        if (connectionIdLength != 0 && (connectionIdLength < 4 || connectionIdLength > 16)) {
            throw new IllegalArgumentException("a DTLS Connection ID is 4..16 bytes (0: off)");
        }
    }

    public ServerCoapSettings withAckTimeout(Duration timeout) {
        return new ServerCoapSettings(timeout, maxRetransmit, maxLatency, blockSize, maxBodySize, blockwiseLifetime,
                connectionIdLength, maxDtlsConnections);
    }

    /** MAX_TRANSMIT_SPAN = ACK_TIMEOUT × (2^MAX_RETRANSMIT − 1) × 1.5. */
    public Duration maxTransmitSpan() {
        return Duration.ofMillis((long) (ackTimeout.toMillis() * ((1L << maxRetransmit) - 1) * 1.5));
    }

    /** MAX_TRANSMIT_WAIT = ACK_TIMEOUT × (2^(MAX_RETRANSMIT+1) − 1) × 1.5. */
    public Duration maxTransmitWait() {
        return Duration.ofMillis((long) (ackTimeout.toMillis() * ((1L << (maxRetransmit + 1)) - 1) * 1.5));
    }

    /** EXCHANGE_LIFETIME = MAX_TRANSMIT_SPAN + 2 × MAX_LATENCY + ACK_TIMEOUT. */
    public Duration exchangeLifetime() {
        return maxTransmitSpan().plus(maxLatency.multipliedBy(2)).plus(ackTimeout);
    }
}
