/**
 * The server's Prometheus metrics: devices and their registrations
 * ({@link io.cellota.server.metrics.DeviceMetrics}), updates by phase and how they end
 * ({@link io.cellota.server.metrics.UpdateMetrics}), the JVM and the process
 * ({@link io.cellota.server.metrics.RuntimeMetrics}), and {@code GET /metrics} in the Prometheus text format
 * ({@link io.cellota.server.metrics.MetricsRoutes}). Delivery counts its own blocks and bytes
 * ({@code fileserver.MicrometerDeliveryMetrics}). Every name and label is in {@code docs/metrics.md}.
 *
 * <p>Fed by plain calls from the composition root; knows neither Leshan nor Californium nor the database.
 */
package io.cellota.server.metrics;
