package io.cellota.device.download;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Every tunable of a firmware download, for {@link CoapDownloader} and {@link HttpDownloader} alike, with
 * presets for LTE-M and NB-IoT (see {@code docs/link-profiles.md} for the links they are tuned against).
 * Keys an HTTP download does not use are marked "CoAP only".
 *
 * @param blockSize          bytes per block, a power of two in 16..1024. CoAP: the size proposed in the first
 *                           Block2 option (RFC 7959 §2.2); a server answering with a smaller size wins. HTTP:
 *                           the unit in which persisted progress is counted.
 * @param window             CoAP only: how many block requests may be outstanding, fixed or adaptive
 * @param maxRetriesPerBlock how often one block is requested again after a failed exchange (Californium gave
 *                           up, 5.xx, a reset) before the download fails; HTTP: failed attempts in a row
 *                           without a byte of progress
 * @param retryBackoff       the wait before the first retry of a block (HTTP: of an attempt); doubled for each
 *                           further retry of the same block
 * @param maxRetryBackoff    the longest such wait
 * @param initialRto         CoAP only: the retransmission timeout until a round trip has been measured
 *                           (RFC 6298 §2.1)
 * @param minRto             CoAP only: the lower bound of the retransmission timeout
 * @param maxRto             CoAP only: the upper bound of the retransmission timeout, also Californium's
 *                           {@code MAX_ACK_TIMEOUT} for each block request
 * @param coapRetransmits    CoAP only: CON retransmissions Californium makes for one block request before
 *                           it reports a timeout (its {@code MAX_RETRANSMIT}, per request; at least 1)
 * @param deadline           the longest a whole download may take; when it passes the download fails with
 *                           CONNECTION_LOST and keeps its progress
 * @param saveEveryBlocks    progress is persisted after this many new blocks...
 * @param saveInterval       ...or when this much time has passed since the last save, whichever comes first
 * @param idleTimeout        HTTP only: the connect timeout, and the longest silence while reading a body before
 *                           the connection is dropped and the download retried
 */
public record DownloadOptions(
        int blockSize,
        WindowPolicy window,
        int maxRetriesPerBlock,
        Duration retryBackoff,
        Duration maxRetryBackoff,
        Duration initialRto,
        Duration minRto,
        Duration maxRto,
        int coapRetransmits,
        Duration deadline,
        int saveEveryBlocks,
        Duration saveInterval,
        Duration idleTimeout) {

    /** LTE-M (RTT 120–180 ms, 300 kbit/s): 1 KiB blocks, adaptive window up to 16. */
    public static final DownloadOptions LTE_M = new DownloadOptions(1024, WindowPolicy.auto(16), 8,
            Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMillis(250),
            Duration.ofSeconds(30), 2, Duration.ofMinutes(30), 32, Duration.ofSeconds(5), Duration.ofSeconds(30));

    /** NB-IoT (RTT 1.6–2.4 s, 26 kbit/s down, 8 KiB buffers): 512 B blocks, adaptive window up to 8. */
    public static final DownloadOptions NB_IOT = new DownloadOptions(512, WindowPolicy.auto(8), 8,
            Duration.ofSeconds(4), Duration.ofMinutes(2), Duration.ofSeconds(4), Duration.ofMillis(2500),
            Duration.ofSeconds(60), 2, Duration.ofHours(2), 16, Duration.ofSeconds(30), Duration.ofSeconds(90));

    /** The LTE-M values in lockstep (window 1), like the embedded clients we model. */
    public static final DownloadOptions DEFAULTS = LTE_M.withWindow(WindowPolicy.LOCKSTEP);

    public DownloadOptions {
        if (blockSize < 16 || blockSize > 1024 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size must be a power of two in 16..1024, was " + blockSize);
        }
        if (window == null) {
            throw new IllegalArgumentException("window must be given");
        }
        if (maxRetriesPerBlock < 0) {
            throw new IllegalArgumentException("retries must not be negative, was " + maxRetriesPerBlock);
        }
        if (coapRetransmits < 1) {
            throw new IllegalArgumentException("CoAP retransmits must be at least 1, was " + coapRetransmits);
        }
        if (saveEveryBlocks < 1) {
            throw new IllegalArgumentException("save cadence must be at least 1 block, was " + saveEveryBlocks);
        }
        requirePositive("retry backoff", retryBackoff);
        requirePositive("initial RTO", initialRto);
        requirePositive("minimum RTO", minRto);
        requirePositive("deadline", deadline);
        requirePositive("save interval", saveInterval);
        requirePositive("idle timeout", idleTimeout);
        if (maxRetryBackoff == null || maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("maximum backoff must be at least the backoff, was " + maxRetryBackoff);
        }
        if (maxRto == null || maxRto.compareTo(minRto) < 0 || maxRto.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maximum RTO must be at least the minimum RTO, was " + maxRto);
        }
    }

    /** The preset called {@code name}: {@code lte-m}, {@code nb-iot} or {@code default}. */
    public static Optional<DownloadOptions> named(String name) {
        return switch (name == null ? "" : name.strip().toLowerCase(Locale.ROOT)) {
            case "lte-m" -> Optional.of(LTE_M);
            case "nb-iot" -> Optional.of(NB_IOT);
            case "default" -> Optional.of(DEFAULTS);
            default -> Optional.empty();
        };
    }

    /** The wait before retry number {@code retry} (1 for the first) of a block: exponential, bounded. */
    public Duration backoff(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("retries count from 1, was " + retry);
        }
        Duration wait = retryBackoff;
        for (int i = 1; i < retry && wait.compareTo(maxRetryBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetryBackoff) > 0 ? maxRetryBackoff : wait;
    }

    public DownloadOptions withBlockSize(int bytes) {
        return new DownloadOptions(bytes, window, maxRetriesPerBlock, retryBackoff, maxRetryBackoff, initialRto,
                minRto, maxRto, coapRetransmits, deadline, saveEveryBlocks, saveInterval, idleTimeout);
    }

    public DownloadOptions withWindow(WindowPolicy policy) {
        return new DownloadOptions(blockSize, policy, maxRetriesPerBlock, retryBackoff, maxRetryBackoff, initialRto,
                minRto, maxRto, coapRetransmits, deadline, saveEveryBlocks, saveInterval, idleTimeout);
    }

    /** Retries per block, with the first retry after {@code first}, doubling up to {@code max}. */
    public DownloadOptions withRetries(int retries, Duration first, Duration max) {
        return new DownloadOptions(blockSize, window, retries, first, max, initialRto, minRto, maxRto,
                coapRetransmits, deadline, saveEveryBlocks, saveInterval, idleTimeout);
    }

    /** RTO bounds and the number of CoAP retransmissions per block request. */
    public DownloadOptions withRto(Duration initial, Duration min, Duration max, int retransmits) {
        return new DownloadOptions(blockSize, window, maxRetriesPerBlock, retryBackoff, maxRetryBackoff, initial,
                min, max, retransmits, deadline, saveEveryBlocks, saveInterval, idleTimeout);
    }

    public DownloadOptions withDeadline(Duration limit) {
        return new DownloadOptions(blockSize, window, maxRetriesPerBlock, retryBackoff, maxRetryBackoff, initialRto,
                minRto, maxRto, coapRetransmits, limit, saveEveryBlocks, saveInterval, idleTimeout);
    }

    public DownloadOptions withSaveCadence(int everyBlocks, Duration interval) {
        return new DownloadOptions(blockSize, window, maxRetriesPerBlock, retryBackoff, maxRetryBackoff, initialRto,
                minRto, maxRto, coapRetransmits, deadline, everyBlocks, interval, idleTimeout);
    }

    public DownloadOptions withIdleTimeout(Duration timeout) {
        return new DownloadOptions(blockSize, window, maxRetriesPerBlock, retryBackoff, maxRetryBackoff, initialRto,
                minRto, maxRto, coapRetransmits, deadline, saveEveryBlocks, saveInterval, timeout);
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
        }
    }
}
