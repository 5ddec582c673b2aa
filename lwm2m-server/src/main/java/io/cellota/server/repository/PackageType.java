package io.cellota.server.repository;

import java.util.Locale;
import java.util.Optional;

/** What a stored package is, which decides how an upload is checked. */
public enum PackageType {
    /** An MCUboot image: parsed, its hash checked and its signature verified against the trusted keys. */
    MCUBOOT,
    /**
     * Any other format (an nRF91 modem delta image, a vendor container): stored as declared, with its
     * SHA-256, its name and version given by the operator.
     */
    OPAQUE;

    /** The lower-case name used in the API: {@code mcuboot}, {@code opaque}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type whose {@link #label()} is {@code label}, ignoring case. */
    public static Optional<PackageType> fromLabel(String label) {
        for (PackageType type : values()) {
            if (type.label().equalsIgnoreCase(label.strip())) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
