package io.cellota.server.repository;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A stored package's content as delivery reads it: the file (content-addressed, never changed once written),
 * its size, and its SHA-256, which is also its ETag.
 */
public record PackageFile(String packageId, Path path, long size, byte[] sha256) {

    public PackageFile {
        Objects.requireNonNull(packageId, "packageId");
        Objects.requireNonNull(path, "path");
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 has 32 bytes");
        }
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    public String sha256Hex() {
        return HexFormat.of().formatHex(sha256);
    }
}
