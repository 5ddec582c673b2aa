package io.cellota.server.repository;

import io.cellota.server.store.Database;
import io.cellota.server.store.Row;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The package metadata in table {@code firmware_package} (migration {@code V1__firmware.sql}): one row per
 * package, several rows possibly sharing one blob by {@code sha256}. The SQL runs unchanged on H2 and
 * PostgreSQL.
 */
final class JdbcFirmwareCatalog {

    private static final String COLUMNS = "id, package_type, name, version, size_bytes, sha256, signer,"
            + " security_counter, uploaded_by, uploaded_at";

    private final Database database;

    JdbcFirmwareCatalog(Database database) {
        this.database = database;
    }

    /** Adds {@code pkg}; a {@link io.cellota.server.store.StoreException} says why not (e.g. a duplicate). */
    void insert(FirmwarePackage pkg) {
        database.update("INSERT INTO firmware_package (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                pkg.id(), pkg.type(), pkg.name(), pkg.version(), pkg.size(), pkg.sha256(), pkg.signer(),
                pkg.securityCounter(), pkg.uploadedBy(), pkg.uploadedAt());
    }

    Optional<FirmwarePackage> find(String id) {
        return database.queryOne("SELECT " + COLUMNS + " FROM firmware_package WHERE id = ?",
                JdbcFirmwareCatalog::toPackage, id);
    }

    /** The package with the same content, type, name and version as {@code pkg}, if stored. */
    Optional<FirmwarePackage> findSame(FirmwarePackage pkg) {
        return database.queryOne("SELECT " + COLUMNS + " FROM firmware_package"
                        + " WHERE sha256 = ? AND package_type = ? AND name = ? AND version = ?",
                JdbcFirmwareCatalog::toPackage, pkg.sha256(), pkg.type(), pkg.name(), pkg.version());
    }

    /** Newest first: in the order the packages were added. */
    List<FirmwarePackage> list(PageRequest page) {
        return database.query("SELECT " + COLUMNS + " FROM firmware_package ORDER BY seq DESC LIMIT ? OFFSET ?",
                JdbcFirmwareCatalog::toPackage, page.limit(), page.offset());
    }

    long count() {
        return database.inTransaction(sql -> sql.queryLong("SELECT COUNT(*) FROM firmware_package"));
    }

    /** How many packages share the content {@code sha256}. */
    long references(String sha256) {
        return database.inTransaction(sql -> sql.queryLong(
                "SELECT COUNT(*) FROM firmware_package WHERE sha256 = ?", sha256));
    }

    /**
     * Removes the package {@code id} in one transaction and counts the packages still sharing its content.
     *
     * @return the remaining references to its content, or empty when no such package existed
     */
    OptionalLong delete(FirmwarePackage pkg) {
        return database.inTransaction(sql -> {
            if (sql.update("DELETE FROM firmware_package WHERE id = ?", pkg.id()) == 0) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(sql.queryLong("SELECT COUNT(*) FROM firmware_package WHERE sha256 = ?",
                    pkg.sha256()));
        });
    }

    private static FirmwarePackage toPackage(Row row) throws SQLException {
        return new FirmwarePackage(row.text("id"), PackageType.valueOf(row.text("package_type")), row.text("name"),
                row.text("version"), row.longValue("size_bytes"), row.text("sha256"), row.optionalText("signer"),
                row.optionalLong("security_counter"), row.text("uploaded_by"), row.instant("uploaded_at"));
    }
}
