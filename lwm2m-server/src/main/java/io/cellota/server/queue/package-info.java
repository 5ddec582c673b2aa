/**
 * Requests for sleeping devices, kept durably and in order until the device wakes or the caller's deadline
 * passes (LwM2M queue mode done right: every request, not only the last one).
 */
package io.cellota.server.queue;
