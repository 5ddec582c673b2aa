/**
 * Firmware downloads over a cellular link: CoAP/CoAPs block-wise pull (RFC 7959 Block2) with our own block
 * handling — a window of outstanding blocks, per-block retries, ETag checks, resume — and HTTP/HTTPS pull
 * with Range requests. Bytes are streamed to a {@link io.cellota.device.download.BlockSink} as they arrive,
 * never held whole in memory. Californium is confined to the CoAP implementation in this package.
 */
package io.cellota.device.download;
