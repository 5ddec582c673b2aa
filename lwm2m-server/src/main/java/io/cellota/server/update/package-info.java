/**
 * The per-device firmware update engine: one {@link io.cellota.server.update.DeviceUpdate} per
 * update, driven through the phases of {@link io.cellota.server.update.UpdatePhase} by
 * {@link io.cellota.server.update.UpdateEngine} from device events, command outcomes and
 * {@code tick(now)}.
 *
 * <p>The package is pure: it speaks to devices only through
 * {@link io.cellota.server.update.DeviceGateway} (the Leshan adapter implements it), issues package
 * URIs through {@link io.cellota.server.update.UriIssuer} (the file server) and persists through
 * {@link io.cellota.server.update.UpdateStore} (the JDBC store). It imports neither Leshan, nor
 * Californium, nor JDBC. Object 5 semantics come from {@code io.cellota.firmware.object5}; see
 * {@code docs/lwm2m-server.md}, section "Update engine".
 */
package io.cellota.server.update;
