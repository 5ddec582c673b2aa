package io.cellota.server.repository;

import java.util.Objects;
import java.util.Optional;

/**
 * Why the repository refused an upload or a delete: a {@link Reason} for programs (the REST API maps each to
 * a status and a stable code), a message for people that says precisely what is wrong (for an image, the
 * message of firmware-object's reader or verifier), and for {@link Reason#DUPLICATE} the package that
 * already holds the content.
 */
public final class RepositoryException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why an operation was refused. */
    public enum Reason {
        /** The upload has no bytes. */
        EMPTY,
        /** The upload is larger than the configured maximum package size; it was cut off there. */
        TOO_LARGE,
        /** The upload's body could not be read to its end (the client went away or the stream failed). */
        INCOMPLETE,
        /** Declared MCUboot, but not an MCUboot image at all (bad or erased magic). */
        NOT_AN_IMAGE,
        /** An MCUboot image, but malformed or not matching its own hash. */
        INVALID_IMAGE,
        /** A well-formed MCUboot image without a signature that verifies under a trusted key. */
        UNTRUSTED,
        /** An opaque package without its name or version. */
        MISSING_METADATA,
        /** A declared name or version that cannot be stored (too long, control characters, bad version). */
        INVALID_METADATA,
        /** The declared version disagrees with the version in the MCUboot image header. */
        VERSION_MISMATCH,
        /** The same content is already stored with the same type, name and version. */
        DUPLICATE,
        /** No package has this id. */
        NOT_FOUND,
        /** The package is still needed (see {@link PackageUsage}) and cannot be deleted. */
        IN_USE,
        /** The server could not write or read its disk or database (I/O error, disk full). */
        STORAGE
    }

    private final Reason reason;
    private final Optional<String> existingPackageId;

    public RepositoryException(Reason reason, String message) {
        this(reason, message, null);
    }

    public RepositoryException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.existingPackageId = Optional.empty();
    }

    private RepositoryException(String existingId, String message) {
        super(message);
        this.reason = Reason.DUPLICATE;
        this.existingPackageId = Optional.of(existingId);
    }

    /** A {@link Reason#DUPLICATE} naming the package that already holds the content. */
    public static RepositoryException duplicate(String existingId, String message) {
        return new RepositoryException(existingId, message);
    }

    public Reason reason() {
        return reason;
    }

    /** For {@link Reason#DUPLICATE}, the id of the package that already holds this content. */
    public Optional<String> existingPackageId() {
        return existingPackageId;
    }
}
