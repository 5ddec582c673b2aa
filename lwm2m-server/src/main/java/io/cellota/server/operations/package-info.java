/**
 * Generic LwM2M operations held for devices that cannot answer now: an operator asks to read, write, execute or
 * observe a resource of a device asleep in power saving (or not registered at the moment); the request is kept in the
 * database and sent, in order, the next time the device is reachable, and its answer is kept for the operator to
 * read. Leshan-free: it sends through {@link io.cellota.server.devices.DeviceOperations}.
 */
package io.cellota.server.operations;
