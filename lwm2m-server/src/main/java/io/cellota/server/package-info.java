/**
 * The Cellota LwM2M server: device management over Eclipse Leshan, the firmware repository, block-wise
 * delivery, the per-device update engine, the REST API, and the {@code cellota} launcher.
 */
package io.cellota.server;
