package io.cellota.device.download;

import java.util.Locale;

/**
 * How many CoAP block requests a download keeps outstanding: a fixed window, or an adaptive one that grows
 * while answers come back on time and halves on loss, never above {@code size}. See {@link DownloadPacer}
 * for the adaptive algorithm. Either way the window is 1 until the first answer has arrived.
 *
 * @param adaptive whether the window adapts to the measured round-trip time and delivery rate
 * @param size     the fixed window, or the adaptive window's upper bound (1..64 requests)
 */
public record WindowPolicy(boolean adaptive, int size) {

    /** The most requests any policy allows in flight. */
    public static final int MAX_SIZE = 64;

    /** One block at a time, as Zephyr, nRF Connect SDK and Anjay do. */
    public static final WindowPolicy LOCKSTEP = fixed(1);

    public WindowPolicy {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("window must be 1.." + MAX_SIZE + " requests, was " + size);
        }
    }

    /** Always {@code size} requests outstanding (after the first answer). */
    public static WindowPolicy fixed(int size) {
        return new WindowPolicy(false, size);
    }

    /** An adaptive window of at most {@code max} requests. */
    public static WindowPolicy auto(int max) {
        return new WindowPolicy(true, max);
    }

    /** Parses {@code "8"}, {@code "auto"} (at most 16) or {@code "auto:32"}. */
    public static WindowPolicy parse(String text) {
        String value = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (value.equals("auto")) {
                return auto(16);
            }
            if (value.startsWith("auto:")) {
                return auto(Integer.parseInt(value.substring(5)));
            }
            return fixed(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("window must be a number, 'auto' or 'auto:<max>', was " + text, e);
        }
    }

    @Override
    public String toString() {
        return adaptive ? "auto:" + size : Integer.toString(size);
    }
}
