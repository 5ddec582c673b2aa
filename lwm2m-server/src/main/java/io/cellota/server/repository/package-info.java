/**
 * The firmware repository: packages uploaded over the API are streamed into a content-addressed store on
 * disk, checked (MCUboot images parsed and verified against the trusted keys with firmware-object), and
 * recorded in the database; delivery reads them through {@link io.cellota.server.repository.PackageFiles}.
 * Entry point: {@link io.cellota.server.repository.FirmwareRepository}.
 */
package io.cellota.server.repository;
