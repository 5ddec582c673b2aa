/**
 * Firmware delivery: the packages of the repository served to devices over CoAP and CoAPs (RFC 7959 Block2,
 * {@link io.cellota.server.fileserver.FirmwareCoapResource}) and over HTTP and HTTPS (RFC 9110 ranges,
 * {@link io.cellota.server.fileserver.FirmwareHttpRoutes}), read from storage block by block through a bounded
 * {@link io.cellota.server.fileserver.OpenFileCache}. Access is one pluggable decision,
 * {@link io.cellota.server.fileserver.DownloadAccess}: the DTLS identity over CoAPs, an expiring
 * {@link io.cellota.server.fileserver.DownloadTokens token} in the Package URI otherwise, and in both cases a
 * {@link io.cellota.server.fileserver.DownloadGrants grant} for the device's active update. See
 * {@code docs/lwm2m-server.md}, "Firmware delivery".
 */
package io.cellota.server.fileserver;
