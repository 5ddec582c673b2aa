/**
 * Firmware downloads over a cellular link: CoAP/CoAPs block-wise pull (RFC 7959 Block2) with our own block
 * handling — a window of outstanding blocks, per-block retries, ETag checks, resume — and HTTP/HTTPS pull
 * with Range requests. Bytes are streamed to a {@link io.cellota.device.download.BlockSink} as they arrive,
 * never held whole in memory. Californium is confined to the CoAP implementation in this package.
 *
 * <p>Entry points: {@link io.cellota.device.download.CoapDownloader} (on a caller's endpoint, or one from
 * {@link io.cellota.device.download.CoapDownloadEndpoints}), {@link io.cellota.device.download.HttpDownloader},
 * both tuned by one {@link io.cellota.device.download.DownloadOptions}, and
 * {@link io.cellota.device.download.FileProgressStore} to persist progress across restarts. The window and
 * RTO decisions live in the pure {@code DownloadPacer}; how answers map onto Object 5 Update Results in
 * {@code BlockAnswer} (CoAP) and {@code HttpAnswer} (HTTP).
 */
package io.cellota.device.download;
