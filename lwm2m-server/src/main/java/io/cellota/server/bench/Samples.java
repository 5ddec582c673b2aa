package io.cellota.server.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The repeated measurements of one figure, in the order they were taken. Benchmarks report the median: with
 * the few repetitions a link emulation affords (a 1 MiB NB-IoT download takes minutes), one slow run from a
 * garbage collection or a busy machine must not move the result, as it would move a mean.
 *
 * @param values the measurements, at least one
 */
public record Samples(List<Double> values) {

    public Samples {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one measurement");
        }
        if (values.stream().anyMatch(v -> v.isNaN())) {
            throw new IllegalArgumentException("a measurement is not a number: " + values);
        }
    }

    public static Samples of(double... values) {
        return new Samples(Arrays.stream(values).boxed().toList());
    }

    /** The middle value; for an even count the mean of the two middle values. */
    public double median() {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public double min() {
        return values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }

    public double max() {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    public int count() {
        return values.size();
    }
}
