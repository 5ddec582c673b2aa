package io.cellota.server.campaign;

import java.util.List;
import java.util.OptionalInt;

/**
 * One wave of a campaign: how far it reaches, and its two thresholds. The first wave (the canary) reaches a number
 * of {@code devices} or a percentage; every later wave reaches {@code upToPercent} of the campaign's devices,
 * counted from the start (a wave of 50 after a canary of 5 % takes the next 45 %). The last wave reaches 100.
 *
 * @param successThreshold percent of the wave's devices that must succeed before the next wave opens
 * @param failureThreshold percent of the wave's devices that may fail; one more pauses the campaign
 */
public record Wave(OptionalInt devices, OptionalInt upToPercent, int successThreshold, int failureThreshold) {

    /** The success threshold a wave has unless it says otherwise. */
    public static final int DEFAULT_SUCCESS_THRESHOLD = 90;
    /** The failure threshold a wave has unless it says otherwise. */
    public static final int DEFAULT_FAILURE_THRESHOLD = 10;

    /** Checks the wave reaches by exactly one measure and its thresholds are percentages. */
    public Wave {
        if (devices.isPresent() == upToPercent.isPresent()) {
            throw new IllegalArgumentException("a wave reaches either a number of devices or a percentage");
        }
        if (devices.isPresent() && devices.getAsInt() < 1) {
            throw new IllegalArgumentException("a wave of devices has at least 1, not " + devices.getAsInt());
        }
        if (upToPercent.isPresent() && (upToPercent.getAsInt() < 1 || upToPercent.getAsInt() > 100)) {
            throw new IllegalArgumentException("a wave reaches 1 to 100 percent, not " + upToPercent.getAsInt());
        }
        requirePercent(successThreshold, "success threshold");
        requirePercent(failureThreshold, "failure threshold");
    }

    /** A wave up to {@code percent} of the devices with the default thresholds. */
    public static Wave upTo(int percent) {
        return new Wave(OptionalInt.empty(), OptionalInt.of(percent), DEFAULT_SUCCESS_THRESHOLD,
                DEFAULT_FAILURE_THRESHOLD);
    }

    /** A canary of {@code count} devices with the default thresholds. */
    public static Wave canary(int count) {
        return new Wave(OptionalInt.of(count), OptionalInt.empty(), DEFAULT_SUCCESS_THRESHOLD,
                DEFAULT_FAILURE_THRESHOLD);
    }

    /** This wave with other thresholds. */
    public Wave withThresholds(int success, int failure) {
        return new Wave(devices, upToPercent, success, failure);
    }

    /** Whether {@code succeeded} of {@code size} devices meet the success threshold (an empty wave does). */
    public boolean succeeded(long succeeded, long size) {
        return succeeded * 100 >= (long) successThreshold * size;
    }

    /** Whether {@code failed} of {@code size} devices are more than the failure threshold allows. */
    public boolean failedTooMany(long failed, long size) {
        return failed * 100 > (long) failureThreshold * size;
    }

    /**
     * How many of {@code total} devices the waves reach, each counted from the start: never fewer than the wave
     * before, the last always {@code total}.
     */
    public static int[] reach(List<Wave> waves, int total) {
        int[] reach = new int[waves.size()];
        int before = 0;
        for (int i = 0; i < waves.size(); i++) {
            Wave w = waves.get(i);
            long r = w.devices().isPresent() ? w.devices().getAsInt()
                    : ((long) w.upToPercent().getAsInt() * total + 99) / 100;
            reach[i] = (int) Math.max(before, Math.min(total, r));
            before = reach[i];
        }
        reach[waves.size() - 1] = total;
        return reach;
    }

    private static void requirePercent(int value, String name) {
        if (value < 0 || value > 100) {
            throw new IllegalArgumentException("a " + name + " is 0 to 100 percent, not " + value);
        }
    }
}
