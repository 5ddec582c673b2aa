package io.cellota.server.repository;

import java.util.Objects;
import java.util.Optional;

/**
 * What an upload declares about its body, as the API receives it ({@code ?type=…&name=…&version=…}). The
 * text is untrusted: {@link FirmwareRepository#upload} checks it and answers {@code MISSING_METADATA} or
 * {@code INVALID_METADATA}. An opaque package needs a name and a version; an MCUboot image takes its version
 * from its header, and a declared version must then agree with it.
 *
 * @param type    how to check the body
 * @param name    the package name; optional for MCUboot images
 * @param version the version; required for opaque packages, optional (and checked) for MCUboot images
 */
public record UploadRequest(PackageType type, Optional<String> name, Optional<String> version) {

    public UploadRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }

    /** An MCUboot image, named and versioned by its header. */
    public static UploadRequest mcuboot() {
        return new UploadRequest(PackageType.MCUBOOT, Optional.empty(), Optional.empty());
    }

    /** A package of another format, e.g. {@code opaque("nrf9160-modem-delta", "1.3.5-to-1.3.6")}. */
    public static UploadRequest opaque(String name, String version) {
        return new UploadRequest(PackageType.OPAQUE, Optional.of(name), Optional.of(version));
    }

    public UploadRequest withName(String newName) {
        return new UploadRequest(type, Optional.of(newName), version);
    }

    public UploadRequest withVersion(String newVersion) {
        return new UploadRequest(type, name, Optional.of(newVersion));
    }
}
