package io.cellota.server.queue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link RequestQueue} in memory: for tests, and the reference the durable one must match. */
public final class InMemoryRequestQueue implements RequestQueue {

    private final TreeMap<Long, QueuedRequest> requests = new TreeMap<>();
    private long next = 1;

    @Override
    public synchronized QueuedRequest enqueue(QueuedRequest request) {
        QueuedRequest queued = request.withSequence(next++);
        requests.put(queued.sequence(), queued);
        return queued;
    }

    @Override
    public synchronized Optional<QueuedRequest> head(String endpoint) {
        return requests.values().stream().filter(r -> r.endpoint().equals(endpoint)).findFirst();
    }

    @Override
    public synchronized List<QueuedRequest> pending(String endpoint) {
        return requests.values().stream().filter(r -> r.endpoint().equals(endpoint)).toList();
    }

    @Override
    public synchronized boolean remove(long sequence) {
        return requests.remove(sequence) != null;
    }

    @Override
    public synchronized List<QueuedRequest> removeExpired(Instant now) {
        List<QueuedRequest> expired = new ArrayList<>(requests.values().stream()
                .filter(r -> r.notAfter().isBefore(now)).toList());
        expired.forEach(r -> requests.remove(r.sequence()));
        return expired;
    }

    @Override
    public synchronized List<String> endpointsWithPending() {
        return requests.values().stream().map(QueuedRequest::endpoint).distinct().toList();
    }
}
