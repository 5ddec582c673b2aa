package io.cellota.server.fileserver;

import io.cellota.server.fileserver.AccessDecision.Denial;

/**
 * Hooks for counting what delivery serves, by transport: one call per CoAP block and per HTTP body. Called on
 * delivery's threads, so implementations must be quick and thread-safe. {@link #NONE} counts nothing;
 * {@link MicrometerDeliveryMetrics} feeds a Micrometer registry.
 */
public interface DeliveryMetrics {

    /** Counts nothing. */
    DeliveryMetrics NONE = new DeliveryMetrics() {
    };

    /** A CoAP block, or an HTTP body (whole or a range), of {@code bytes} bytes was served. */
    default void served(Transport transport, long bytes) {
    }

    /** A request was refused. */
    default void denied(Transport transport, Denial denial) {
    }

    /** A CoAP request found the I/O queue full and was answered 5.03 Service Unavailable. */
    default void busy(Transport transport) {
    }
}
