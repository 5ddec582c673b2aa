package io.cellota.server.update;

import java.time.Duration;
import java.util.Objects;

/**
 * What the server expects of one device's link, to size transfer timeouts: the CoAP block size it
 * uses, the round trip of one block, and the payload throughput. The gateway supplies it per device
 * (measured, or from the device's link profile); {@link #CONSERVATIVE} fits a poor NB-IoT cell.
 */
public record LinkEstimate(int blockSize, Duration roundTrip, long bytesPerSecond) {

    /** 512-byte blocks, 2 s per block, 1,000 bytes/s: NB-IoT at the cell edge. */
    public static final LinkEstimate CONSERVATIVE = new LinkEstimate(512, Duration.ofSeconds(2), 1_000);

    /** Checks the block size is a CoAP block size (16..1024, a power of two) and the rest positive. */
    public LinkEstimate {
        Objects.requireNonNull(roundTrip, "roundTrip");
        if (blockSize < 16 || blockSize > 1024 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("a CoAP block size is 16..1024 and a power of two: " + blockSize);
        }
        if (roundTrip.isNegative() || roundTrip.isZero() || bytesPerSecond <= 0) {
            throw new IllegalArgumentException("round trip and throughput must be positive");
        }
    }

    /**
     * The nominal time to move {@code size} bytes block by block: one round trip per block (Block1 and
     * Block2 are stop-and-wait) plus the bytes at the link's throughput,
     * {@code ceil(size / blockSize) × roundTrip + size / bytesPerSecond}.
     */
    public Duration transferTime(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        long blocks = (size + blockSize - 1) / blockSize;
        return roundTrip.multipliedBy(blocks).plusMillis(Math.multiplyExact(size, 1000L) / bytesPerSecond);
    }
}
