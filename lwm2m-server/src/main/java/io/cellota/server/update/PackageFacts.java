package io.cellota.server.update;

import java.util.Objects;

/**
 * What the engine needs to know of the package it installs: its repository id, the firmware version
 * the device must report in {@code /3/0/3} afterwards, its size in bytes (to size timeouts) and its
 * type (e.g. {@code mcuboot}).
 */
public record PackageFacts(String packageId, String targetVersion, long size, String packageType) {

    /** Checks every part is present, and the size positive. */
    public PackageFacts {
        requireText(packageId, "packageId");
        requireText(targetVersion, "targetVersion");
        requireText(packageType, "packageType");
        if (size <= 0) {
            throw new IllegalArgumentException("a package has at least one byte: " + size);
        }
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
