package io.cellota.server.queue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Durable per-device FIFO of {@link QueuedRequest}s. Implementations are thread-safe. */
public interface RequestQueue {

    /** Appends {@code request} to its device's queue; returns it with its sequence. */
    QueuedRequest enqueue(QueuedRequest request);

    /** The oldest request held for {@code endpoint}. */
    Optional<QueuedRequest> head(String endpoint);

    /** Every request held for {@code endpoint}, oldest first. */
    List<QueuedRequest> pending(String endpoint);

    /** Removes a request (sent and answered, or expired); false when it was already gone. */
    boolean remove(long sequence);

    /** Removes and returns every request whose deadline is before {@code now}. */
    List<QueuedRequest> removeExpired(Instant now);

    /** The devices with requests waiting. */
    List<String> endpointsWithPending();
}
