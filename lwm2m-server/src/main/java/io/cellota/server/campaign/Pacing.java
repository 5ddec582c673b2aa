package io.cellota.server.campaign;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How fast a campaign goes, kindly to the cellular network: at most {@code maxConcurrent} of its devices
 * downloading at once, and at most {@code maxPerCell} in one cell (Object 4 cell id {@code /4/0/8}); a budget of
 * {@code bytesPerSecond} for the image bytes it sets moving, accounted from the image's size when a device starts;
 * and no device started while its RSRP ({@code /4/0/2}) is below {@code minRsrp} dBm (it is deferred). A device
 * downloads from its start until it is told to install. A device without a known cell counts against the fleet cap
 * only, and one without a known RSRP is not deferred.
 */
public record Pacing(int maxConcurrent, OptionalInt maxPerCell, OptionalLong bytesPerSecond, OptionalInt minRsrp) {

    /** The highest cap a campaign may set. */
    public static final int MAX_CONCURRENT = 1_000_000;

    /** 100 at once, no other limit. */
    public static final Pacing DEFAULTS = new Pacing(100, OptionalInt.empty(), OptionalLong.empty(),
            OptionalInt.empty());

    /** The highest budget accepted, 1 GB/s. */
    public static final long MAX_BYTES_PER_SECOND = 1_000_000_000L;

    /** Checks every limit is positive and the RSRP one a plausible dBm value. */
    public Pacing {
        if (maxConcurrent < 1 || maxConcurrent > MAX_CONCURRENT) {
            throw new IllegalArgumentException("maxConcurrent is 1 to 1000000, not " + maxConcurrent);
        }
        if (maxPerCell.isPresent() && maxPerCell.getAsInt() < 1) {
            throw new IllegalArgumentException("maxPerCell is at least 1, not " + maxPerCell.getAsInt());
        }
        if (bytesPerSecond.isPresent() && (bytesPerSecond.getAsLong() < 1
                || bytesPerSecond.getAsLong() > MAX_BYTES_PER_SECOND)) {
            throw new IllegalArgumentException("bytesPerSecond is 1 to " + MAX_BYTES_PER_SECOND + ", not "
                    + bytesPerSecond.getAsLong());
        }
        if (minRsrp.isPresent() && (minRsrp.getAsInt() < -200 || minRsrp.getAsInt() > 0)) {
            throw new IllegalArgumentException("minRsrp is -200 to 0 dBm, not " + minRsrp.getAsInt());
        }
    }

    /** This pacing with another fleet-wide cap. */
    public Pacing withMaxConcurrent(int max) {
        return new Pacing(max, maxPerCell, bytesPerSecond, minRsrp);
    }

    /** This pacing with a cap per cell. */
    public Pacing withMaxPerCell(int max) {
        return new Pacing(maxConcurrent, OptionalInt.of(max), bytesPerSecond, minRsrp);
    }

    /** This pacing with a bandwidth budget. */
    public Pacing withBytesPerSecond(long budget) {
        return new Pacing(maxConcurrent, maxPerCell, OptionalLong.of(budget), minRsrp);
    }

    /** This pacing deferring devices below {@code dbm}. */
    public Pacing withMinRsrp(int dbm) {
        return new Pacing(maxConcurrent, maxPerCell, bytesPerSecond, OptionalInt.of(dbm));
    }

    /** How much of the budget an image of {@code size} bytes takes: size ÷ budget (zero without a budget). */
    public Duration budgetFor(long size) {
        if (bytesPerSecond.isEmpty()) {
            return Duration.ZERO;
        }
        long rate = bytesPerSecond.getAsLong();
        return Duration.ofSeconds(size / rate).plusNanos((size % rate) * 1_000_000_000L / rate);
    }
}
