package io.cellota.device.radio;

import java.util.SplittableRandom;

/**
 * A simulated radio whose signal wanders the way a stationary device's does: RSRP takes a bounded random walk
 * around its mean (seeded, so fleets are reproducible), and the coverage enhancement level follows it. Tests
 * and link profiles can pin the cell or the signal. Thread-safe.
 */
public final class RadioModel {

    private final SplittableRandom random;
    private final int meanRsrp;
    private RadioConditions conditions;

    /**
     * @param initial  the conditions at power-on
     * @param seed     seeds the random walk
     */
    public RadioModel(RadioConditions initial, long seed) {
        this.conditions = initial;
        this.meanRsrp = initial.rsrpDbm();
        this.random = new SplittableRandom(seed);
    }

    /** Typical conditions for {@code bearer} in cell {@code cellId} of a test network (MCC 001, MNC 01). */
    public static RadioConditions typical(Bearer bearer, long cellId) {
        int rsrp = bearer == Bearer.NB_IOT ? -110 : -95;
        return new RadioConditions(bearer, rsrp, -11, bearer == Bearer.NB_IOT ? 2 : 8, cellId, 1, 1, 0x1a2b,
                level(bearer, rsrp));
    }

    /** Conditions now; each call moves the walk one step (as each modem query would see a new measurement). */
    public synchronized RadioConditions sample() {
        int step = random.nextInt(-2, 3);
        int pull = Integer.signum(meanRsrp - conditions.rsrpDbm());
        int rsrp = Math.max(-140, Math.min(-44, conditions.rsrpDbm() + step + pull));
        conditions = new RadioConditions(conditions.bearer(), rsrp, conditions.rsrqDb(), conditions.snrDb(),
                conditions.cellId(), conditions.mcc(), conditions.mnc(), conditions.trackingAreaCode(),
                level(conditions.bearer(), rsrp));
        return conditions;
    }

    /** Conditions now, without a new measurement. */
    public synchronized RadioConditions current() {
        return conditions;
    }

    /** Moves the device to other conditions (a handover, a test). */
    public synchronized void set(RadioConditions next) {
        conditions = next;
    }

    /** The coverage enhancement level a modem picks for an RSRP (3GPP CE thresholds, typical settings). */
    static int level(Bearer bearer, int rsrp) {
        if (bearer == Bearer.LTE_M) {
            return rsrp >= -120 ? 0 : 1;
        }
        if (rsrp >= -112) {
            return 0;
        }
        return rsrp >= -124 ? 1 : 2;
    }
}
