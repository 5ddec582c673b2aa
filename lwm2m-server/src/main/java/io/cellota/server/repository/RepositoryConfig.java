package io.cellota.server.repository;

import io.cellota.firmware.signing.TrustedKey;
import java.util.List;

/**
 * How the firmware repository checks uploads.
 *
 * @param maxPackageSize the largest package accepted, in bytes; an upload is cut off as soon as it passes it
 * @param trustedKeys    the public keys an MCUboot image must be signed with (one suffices); with none,
 *                       every MCUboot upload is refused as {@code UNTRUSTED}
 */
public record RepositoryConfig(long maxPackageSize, List<TrustedKey> trustedKeys) {

    /** 32 MiB: far above an nRF91 application or modem delta image, small enough to stream and hash quickly. */
    public static final long DEFAULT_MAX_PACKAGE_SIZE = 32L * 1024 * 1024;

    public RepositoryConfig {
        if (maxPackageSize < 1) {
            throw new IllegalArgumentException("the maximum package size must be positive, was " + maxPackageSize);
        }
        trustedKeys = List.copyOf(trustedKeys);
    }

    /** The default size limit, trusting {@code keys}. */
    public static RepositoryConfig trusting(List<TrustedKey> keys) {
        return new RepositoryConfig(DEFAULT_MAX_PACKAGE_SIZE, keys);
    }

    public RepositoryConfig withMaxPackageSize(long bytes) {
        return new RepositoryConfig(bytes, trustedKeys);
    }

    public RepositoryConfig withTrustedKeys(List<TrustedKey> keys) {
        return new RepositoryConfig(maxPackageSize, keys);
    }
}
