package io.cellota.server.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * One request held for a device: what to send ({@code kind} and its {@code argument}, e.g. {@code WRITE_URI}
 * and the URI), who asked for it ({@code correlation}, e.g. an update's command reference), and until when it
 * may still be sent. {@code sequence} orders a device's requests; it is assigned by the queue.
 */
public record QueuedRequest(long sequence, String endpoint, String kind, String argument, String correlation,
                            Instant notAfter, Instant queuedAt) {

    public QueuedRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(correlation, "correlation");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(queuedAt, "queuedAt");
    }

    /** A request not yet queued (its sequence is assigned by {@link RequestQueue#enqueue}). */
    public static QueuedRequest of(String endpoint, String kind, String argument, String correlation, Instant notAfter,
                                   Instant now) {
        return new QueuedRequest(0, endpoint, kind, argument, correlation, notAfter, now);
    }

    public QueuedRequest withSequence(long seq) {
        return new QueuedRequest(seq, endpoint, kind, argument, correlation, notAfter, queuedAt);
    }
}
