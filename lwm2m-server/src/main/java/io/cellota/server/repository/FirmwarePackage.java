package io.cellota.server.repository;

import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A stored firmware package: what it is, what it contains (size and SHA-256 of the uploaded bytes), who
 * vouched for it and when it arrived. For MCUboot images the version is the header's
 * ({@code major.minor.revision+build}), the signer the trusted key whose signature verified, and the
 * security counter the {@code SEC_CNT} TLV if the image has one.
 *
 * @param id              the repository's opaque id, {@code fw-} and 16 base32 characters
 * @param type            how the content was checked
 * @param name            what the operator calls it (for MCUboot, {@code mcuboot} unless given)
 * @param version         the version text
 * @param size            bytes, at least one
 * @param sha256          the SHA-256 of the content, 64 lower-case hex digits; also its name on disk
 * @param signer          the name of the trusted key that verified the image; empty unless MCUboot
 * @param securityCounter the image's security counter; empty unless an MCUboot image carries one
 * @param uploadedBy      who uploaded it
 * @param uploadedAt      when the upload was accepted
 */
public record FirmwarePackage(String id, PackageType type, String name, String version, long size, String sha256,
                              Optional<String> signer, OptionalLong securityCounter, String uploadedBy,
                              Instant uploadedAt) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    public FirmwarePackage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(securityCounter, "securityCounter");
        Objects.requireNonNull(uploadedAt, "uploadedAt");
        requireText("id", id);
        requireText("name", name);
        requireText("version", version);
        requireText("uploadedBy", uploadedBy);
        if (size < 1) {
            throw new IllegalArgumentException("a package has at least one byte, not " + size);
        }
        if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex digits, was " + sha256);
        }
        if (type == PackageType.OPAQUE && (signer.isPresent() || securityCounter.isPresent())) {
            throw new IllegalArgumentException("an opaque package has no signer and no security counter");
        }
    }

    private static void requireText(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }

    /** The SHA-256 as 32 bytes. */
    public byte[] sha256Bytes() {
        return HexFormat.of().parseHex(sha256);
    }

    public FirmwarePackage withName(String newName) {
        return new FirmwarePackage(id, type, newName, version, size, sha256, signer, securityCounter, uploadedBy,
                uploadedAt);
    }
}
