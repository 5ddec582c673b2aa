package io.cellota.server.bench;

import java.util.List;
import java.util.Objects;

/**
 * One line of the bench's results, as printed and as written to {@code --json}: a measured figure (the median
 * of its repetitions), the physical limit for the same link and the ratio between them. Every row has every
 * field; those that do not apply to a scenario are {@code null} ({@code seconds} and {@code limitSeconds} are
 * for time figures only).
 *
 * <p>{@code ratio} is always cost measured over cost at the limit, so 1.0 is perfect and larger is worse: time
 * over the time limit for downloads, UDP bytes sent over the bytes the headers alone need for wire efficiency,
 * and {@code null} where no limit exists (server scale).
 *
 * @param scenario     {@code download}, {@code wire}, {@code serve}, {@code registrations}, {@code reference}
 * @param profile      the link profile ({@code loopback} when none is emulated)
 * @param transport    {@code coap} or {@code coaps}
 * @param imageBytes   the firmware bytes per download (0 when none)
 * @param blockSize    the Block2 size in bytes (0 when none)
 * @param window       the download window: {@code 1}, {@code 8}, {@code auto:16}; {@code -} when none
 * @param metric       what {@code value} measures, e.g. {@code download time}
 * @param unit         {@code value}'s unit, e.g. {@code s}
 * @param value        the median measurement
 * @param limit        the limit in the same unit, or {@code null}
 * @param seconds      {@code value} when the metric is a time in seconds, else {@code null}
 * @param limitSeconds {@code limit} when the metric is a time in seconds, else {@code null}
 * @param ratio        measured cost over limit cost, or {@code null}
 * @param samples      every repetition's measurement, in order
 * @param note         what else a reader needs (retransmissions, the handshake, a gap), or empty
 */
public record BenchRow(String scenario, String profile, String transport, long imageBytes, int blockSize,
        String window, String metric, String unit, double value, Double limit, Double seconds, Double limitSeconds,
        Double ratio, List<Double> samples, String note) {

    public BenchRow {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(unit, "unit");
        samples = List.copyOf(samples);
        note = note == null ? "" : note;
    }

    /** This row with {@code name} as its metric, e.g. to tell a reference peer's figure from ours. */
    public BenchRow withMetric(String name) {
        return new BenchRow(scenario, profile, transport, imageBytes, blockSize, window, name, unit, value, limit,
                seconds, limitSeconds, ratio, samples, note);
    }

    /** A time in seconds against a time limit: ratio = measured / limit ({@code null} for a zero limit). */
    public static BenchRow time(String scenario, String profile, String transport, long imageBytes, int blockSize,
            String window, Samples measured, double limitSeconds, String note) {
        double median = measured.median();
        return new BenchRow(scenario, profile, transport, imageBytes, blockSize, window, "download time", "s",
                median, limitSeconds, median, limitSeconds, limitSeconds > 0 ? median / limitSeconds : null,
                measured.values(), note);
    }

    /** An efficiency in (0, 1] against the limit's: ratio = limit / measured (bytes sent per byte needed). */
    public static BenchRow efficiency(String scenario, String profile, String transport, long imageBytes,
            int blockSize, String window, Samples measured, double limitEfficiency, String note) {
        double median = measured.median();
        return new BenchRow(scenario, profile, transport, imageBytes, blockSize, window, "wire efficiency", "",
                median, limitEfficiency, null, null, limitEfficiency / median, measured.values(), note);
    }

    /** A figure with no physical limit (throughput, memory, CPU on this machine). */
    public static BenchRow figure(String scenario, String profile, String transport, long imageBytes,
            int blockSize, String window, String metric, String unit, Samples measured, String note) {
        return new BenchRow(scenario, profile, transport, imageBytes, blockSize, window, metric, unit,
                measured.median(), null, null, null, null, measured.values(), note);
    }
}
