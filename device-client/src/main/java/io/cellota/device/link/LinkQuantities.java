package io.cellota.device.link;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The quantities of the {@linkplain LinkProfileText link profile text}, read and written exactly: rates in
 * bit/s ({@code 26kbit}), durations ({@code 1500ms}), probabilities ({@code 0.1} or {@code 10%}) and sizes
 * in bytes ({@code 8KiB}). Numbers are decimals, read without rounding: a value that is not a whole number of
 * the base unit (bit/s, nanoseconds, bytes) is refused, not rounded. Units are case-insensitive. Each
 * {@code formatX} writes the largest unit that divides the value exactly, so reading it back gives the same
 * value. Bad text throws {@link IllegalArgumentException} saying what was expected; ranges are left to the
 * records that hold the values.
 */
final class LinkQuantities {

    private static final Pattern QUANTITY = Pattern.compile("([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+))\\s*(\\S*)");
    private static final String UNLIMITED = "unlimited";

    private static final Map<String, Long> RATE_UNITS = units(
            "bit", 1L, "bit/s", 1L, "bps", 1L,
            "kbit", 1_000L, "kbit/s", 1_000L, "kbps", 1_000L,
            "mbit", 1_000_000L, "mbit/s", 1_000_000L, "mbps", 1_000_000L,
            "gbit", 1_000_000_000L, "gbit/s", 1_000_000_000L, "gbps", 1_000_000_000L);
    private static final Map<String, Long> DURATION_UNITS = units(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L, "s", 1_000_000_000L,
            "min", 60_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    private static final Map<String, Long> SIZE_UNITS = units(
            "", 1L, "b", 1L, "kib", 1L << 10, "mib", 1L << 20, "gib", 1L << 30);

    private static final String RATE_HINT = "write bit, kbit, Mbit or Gbit (per second), e.g. 26kbit, or unlimited";
    private static final String DURATION_HINT = "write ns, us, ms, s, min or h, e.g. 1500ms or 30s";
    private static final String SIZE_HINT = "write bytes, or B, KiB, MiB or GiB (1 KiB = 1024 B), e.g. 8KiB";

    private LinkQuantities() {
    }

    /** A rate in bit/s: {@code 26kbit}, {@code 1.5Mbit/s}, {@code 62kbps}, {@code unlimited}. A bare number is refused. */
    static long rate(String text) {
        if (text.equalsIgnoreCase(UNLIMITED)) {
            return PathProfile.UNLIMITED_RATE;
        }
        if (text.contains("/") && !text.toLowerCase(Locale.ROOT).endsWith("/s")) {
            throw new IllegalArgumentException("'" + text + "': one rate only; set the other direction with its own key");
        }
        return wholeLong(quantity(text, "a rate", RATE_UNITS, RATE_HINT, false), text, "bit/s");
    }

    /** A duration: {@code 1500ms}, {@code 1.5s}, {@code 30s}, {@code 2min}, {@code 0}. A bare number other than 0 is refused. */
    static Duration duration(String text) {
        BigInteger nanos = whole(quantity(text, "a duration", DURATION_UNITS, DURATION_HINT, true), text, "nanoseconds");
        BigInteger[] secondsAndNanos = nanos.divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
        if (secondsAndNanos[0].bitLength() >= Long.SIZE) {
            throw new IllegalArgumentException("'" + text + "' is too long");
        }
        return Duration.ofSeconds(secondsAndNanos[0].longValue(), secondsAndNanos[1].longValue());
    }

    /** A probability: {@code 0.1} or {@code 10%}. */
    static double probability(String text) {
        boolean percent = text.endsWith("%");
        String number = percent ? text.substring(0, text.length() - 1).strip() : text;
        Matcher matcher = QUANTITY.matcher(number);
        if (!matcher.matches() || !matcher.group(2).isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a probability; write e.g. 0.1 or 10%");
        }
        BigDecimal value = new BigDecimal(number);
        return Double.parseDouble((percent ? value.movePointLeft(2) : value).toPlainString());
    }

    /** A queue limit in bytes: a size, or {@code unlimited}. */
    static long queue(String text) {
        if (text.equalsIgnoreCase(UNLIMITED)) {
            return PathProfile.UNLIMITED_QUEUE;
        }
        return wholeLong(quantity(text, "a size", SIZE_UNITS, SIZE_HINT, true), text, "bytes");
    }

    /** A small size in bytes, such as an MTU: {@code 1280}, {@code 1280B}, {@code 1KiB}. */
    static int bytes(String text) {
        long bytes = wholeLong(quantity(text, "a size", SIZE_UNITS, SIZE_HINT, true), text, "bytes");
        if (bytes > Integer.MAX_VALUE || bytes < Integer.MIN_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return (int) bytes;
    }

    static String formatRate(long bitsPerSecond) {
        if (bitsPerSecond == PathProfile.UNLIMITED_RATE) {
            return UNLIMITED;
        }
        return largestExact(BigInteger.valueOf(bitsPerSecond), units("Gbit", 1_000_000_000L, "Mbit", 1_000_000L,
                "kbit", 1_000L, "bit", 1L));
    }

    static String formatDuration(Duration duration) {
        BigInteger nanos = BigInteger.valueOf(duration.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(duration.getNano()));
        if (nanos.signum() == 0) {
            return "0";
        }
        return largestExact(nanos, units("h", 3_600_000_000_000L, "min", 60_000_000_000L, "s", 1_000_000_000L,
                "ms", 1_000_000L, "us", 1_000L, "ns", 1L));
    }

    static String formatProbability(double probability) {
        return probability == 0 ? "0" : BigDecimal.valueOf(probability).stripTrailingZeros().toPlainString();
    }

    static String formatQueue(long bytes) {
        if (bytes == PathProfile.UNLIMITED_QUEUE) {
            return UNLIMITED;
        }
        return largestExact(BigInteger.valueOf(bytes), units("GiB", 1L << 30, "MiB", 1L << 20, "KiB", 1L << 10, "B", 1L));
    }

    /** The number times its unit, in the base unit; a missing unit is allowed for sizes and for zero. */
    private static BigDecimal quantity(String text, String what, Map<String, Long> units, String hint,
            boolean bareZeroAllowed) {
        Matcher matcher = QUANTITY.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not " + what + "; " + hint);
        }
        BigDecimal number = new BigDecimal(matcher.group(1));
        String unit = matcher.group(2);
        if (unit.isEmpty() && !units.containsKey("") && !(bareZeroAllowed && number.signum() == 0)) {
            throw new IllegalArgumentException("'" + text + "' has no unit; " + hint);
        }
        Long scale = unit.isEmpty() ? Long.valueOf(1) : units.get(unit.toLowerCase(Locale.ROOT));
        if (scale == null) {
            throw new IllegalArgumentException("'" + text + "' has an unknown unit '" + unit + "'; " + hint);
        }
        return number.multiply(BigDecimal.valueOf(scale));
    }

    private static BigInteger whole(BigDecimal value, String text, String baseUnit) {
        try {
            return value.toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is not a whole number of " + baseUnit);
        }
    }

    private static long wholeLong(BigDecimal value, String text, String baseUnit) {
        BigInteger whole = whole(value, text, baseUnit);
        if (whole.bitLength() >= Long.SIZE) {
            throw new IllegalArgumentException("'" + text + "' is too large");
        }
        return whole.longValue();
    }

    private static String largestExact(BigInteger value, Map<String, Long> unitsLargestFirst) {
        for (Map.Entry<String, Long> unit : unitsLargestFirst.entrySet()) {
            BigInteger[] quotientAndRemainder = value.divideAndRemainder(BigInteger.valueOf(unit.getValue()));
            if (quotientAndRemainder[1].signum() == 0) {
                return quotientAndRemainder[0] + unit.getKey();
            }
        }
        throw new IllegalStateException("the smallest unit must be 1");
    }

    private static Map<String, Long> units(Object... namesAndScales) {
        Map<String, Long> units = new LinkedHashMap<>();
        for (int i = 0; i < namesAndScales.length; i += 2) {
            units.put((String) namesAndScales[i], (Long) namesAndScales[i + 1]);
        }
        return units;
    }
}
