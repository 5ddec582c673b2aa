package io.cellota.server.fileserver;

import io.cellota.server.fileserver.AccessDecision.Denial;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * {@link DeliveryMetrics} for tests: responses and bytes per transport, denials in order, and the largest value
 * a probe (say, the open files) took while anything was served.
 */
final class CountingMetrics implements DeliveryMetrics {

    private final Map<Transport, AtomicLong> responses = new ConcurrentHashMap<>();
    private final Map<Transport, AtomicLong> bytes = new ConcurrentHashMap<>();
    private final List<Denial> denials = new CopyOnWriteArrayList<>();
    private final AtomicLong busy = new AtomicLong();
    private final AtomicLong probeMax = new AtomicLong();
    private volatile IntSupplier probe = () -> 0;

    /** Samples {@code sample} at every response served; see {@link #probeMax()}. */
    void probe(IntSupplier sample) {
        probe = sample;
    }

    @Override
    public void served(Transport transport, long count) {
        responses.computeIfAbsent(transport, t -> new AtomicLong()).incrementAndGet();
        bytes.computeIfAbsent(transport, t -> new AtomicLong()).addAndGet(count);
        probeMax.accumulateAndGet(probe.getAsInt(), Math::max);
    }

    @Override
    public void denied(Transport transport, Denial denial) {
        denials.add(denial);
    }

    @Override
    public void busy(Transport transport) {
        busy.incrementAndGet();
    }

    long responses(Transport transport) {
        return responses.getOrDefault(transport, new AtomicLong()).get();
    }

    long bytes(Transport transport) {
        return bytes.getOrDefault(transport, new AtomicLong()).get();
    }

    List<Denial> denials() {
        return List.copyOf(denials);
    }

    long probeMax() {
        return probeMax.get();
    }
}
