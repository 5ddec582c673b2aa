package io.cellota.server.repository;

import io.cellota.firmware.image.ImageVersion;
import io.cellota.server.repository.RepositoryException.Reason;
import java.util.Optional;

/**
 * What an {@link UploadRequest} declares, checked before the body is read: names and versions are stripped,
 * of bounded length (the columns' sizes) and free of control characters; an opaque package has both; an
 * MCUboot image's declared version, if any, is a valid image version.
 */
record DeclaredMetadata(PackageType type, Optional<String> name, Optional<String> version,
                        Optional<ImageVersion> imageVersion) {

    static final int MAX_NAME_LENGTH = 128;
    static final int MAX_VERSION_LENGTH = 64;

    static DeclaredMetadata check(UploadRequest request) throws RepositoryException {
        Optional<String> name = text("name", request.name(), MAX_NAME_LENGTH);
        Optional<String> version = text("version", request.version(), MAX_VERSION_LENGTH);
        if (request.type() == PackageType.OPAQUE && (name.isEmpty() || version.isEmpty())) {
            String missing = name.isEmpty() && version.isEmpty() ? "both are"
                    : name.isEmpty() ? "the name is" : "the version is";
            throw new RepositoryException(Reason.MISSING_METADATA, "an opaque package needs a name and a version;"
                    + " " + missing + " missing");
        }
        Optional<ImageVersion> imageVersion = Optional.empty();
        if (request.type() == PackageType.MCUBOOT && version.isPresent()) {
            imageVersion = Optional.of(parseImageVersion(version.get()));
        }
        return new DeclaredMetadata(request.type(), name, version, imageVersion);
    }

    private static Optional<String> text(String what, Optional<String> value, int maxLength)
            throws RepositoryException {
        Optional<String> text = value.map(String::strip).filter(v -> !v.isEmpty());
        if (text.isPresent()) {
            String v = text.get();
            if (v.length() > maxLength) {
                throw new RepositoryException(Reason.INVALID_METADATA, "the " + what + " is longer than "
                        + maxLength + " characters");
            }
            if (v.chars().anyMatch(Character::isISOControl)) {
                throw new RepositoryException(Reason.INVALID_METADATA, "the " + what
                        + " contains control characters");
            }
        }
        return text;
    }

    private static ImageVersion parseImageVersion(String text) throws RepositoryException {
        try {
            return ImageVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new RepositoryException(Reason.INVALID_METADATA, e.getMessage(), e);
        }
    }
}
