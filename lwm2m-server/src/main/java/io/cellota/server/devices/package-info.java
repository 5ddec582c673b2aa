/**
 * Devices as the server knows them: their credentials (PSK, raw public key, X.509) and what the registry shows
 * about each (registration, firmware version, Object 5, radio). Leshan-free; the LwM2M adapter reads and
 * fills these.
 */
package io.cellota.server.devices;
