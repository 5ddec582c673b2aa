package io.cellota.device.fota;

import io.cellota.firmware.image.ImageFormatException;
import io.cellota.firmware.image.ImageReader;
import io.cellota.firmware.image.ImageSource;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.VerificationResult;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides whether a downloaded package may become Downloaded, as the device's firmware does before reporting
 * it: an MCUboot image (else Update Result 6), that fits the slot (else 2), whose hash and signature verify
 * against the device's trusted keys (else 5), and that is not a downgrade — neither a lower security counter
 * than the running image's, nor, unless downgrades are allowed, a lower version (else 5: the package fails
 * the device's validation, which Object 5 reports as an integrity check failure).
 */
public final class PackageValidator {

    /** The verdict on a package. */
    public sealed interface Verdict {
        /** The package is good: its image and verification. */
        record Accepted(McubootImage image, VerificationResult.Valid verification) implements Verdict {
        }

        /** The package is refused with the Update Result to report and a reason for the log. */
        record Rejected(UpdateResult result, String reason) implements Verdict {
        }
    }

    private final ImageVerifier verifier;
    private final long maxImageSize;
    private final boolean allowDowngrade;

    public PackageValidator(ImageVerifier verifier, long maxImageSize, boolean allowDowngrade) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        if (maxImageSize <= 0) {
            throw new IllegalArgumentException("max image size must be positive");
        }
        this.maxImageSize = maxImageSize;
        this.allowDowngrade = allowDowngrade;
    }

    /**
     * Validates the package of {@code size} bytes at the start of {@code slot} against the running image's
     * version and security counter.
     */
    public Verdict validate(ImageSource slot, long size, Optional<ImageVersion> running, OptionalLong runningCounter)
            throws IOException {
        return validate(slot, OptionalLong.of(size), running, runningCounter);
    }

    /**
     * Validates the package already in {@code slot}, whatever its size: the slot must hold a valid image followed
     * only by erased flash or a sound trailer (a trailer write cut short by a power loss makes it invalid).
     */
    public Verdict revalidate(ImageSource slot, Optional<ImageVersion> running, OptionalLong runningCounter)
            throws IOException {
        return validate(slot, OptionalLong.empty(), running, runningCounter);
    }

    private Verdict validate(ImageSource slot, OptionalLong expectedSize, Optional<ImageVersion> running,
                             OptionalLong runningCounter) throws IOException {
        long size = expectedSize.orElse(0);
        if (size > maxImageSize) {
            return new Verdict.Rejected(UpdateResult.NOT_ENOUGH_FLASH,
                    "package of " + size + " bytes exceeds the slot's " + maxImageSize);
        }
        McubootImage image;
        try {
            image = ImageReader.read(slot);
        } catch (ImageFormatException e) {
            UpdateResult result = switch (e.reason()) {
                case BAD_MAGIC, ERASED -> UpdateResult.UNSUPPORTED_PACKAGE_TYPE;
                default -> UpdateResult.INTEGRITY_CHECK_FAILURE;
            };
            return new Verdict.Rejected(result, e.getMessage());
        }
        if (expectedSize.isPresent() && image.imageEnd() != size) {
            return new Verdict.Rejected(UpdateResult.INTEGRITY_CHECK_FAILURE, "the image ends at byte "
                    + image.imageEnd() + " but " + size + " bytes were downloaded");
        }
        VerificationResult result = verifier.verify(slot, image);
        if (!(result instanceof VerificationResult.Valid valid)) {
            return new Verdict.Rejected(UpdateResult.INTEGRITY_CHECK_FAILURE, result.describe());
        }
        OptionalLong counter = image.securityCounter();
        if (runningCounter.isPresent() && counter.orElse(0) < runningCounter.getAsLong()) {
            return new Verdict.Rejected(UpdateResult.INTEGRITY_CHECK_FAILURE, "security counter "
                    + counter.orElse(0) + " is below the running image's " + runningCounter.getAsLong());
        }
        if (!allowDowngrade && running.isPresent() && image.version().compareTo(running.get()) < 0) {
            return new Verdict.Rejected(UpdateResult.INTEGRITY_CHECK_FAILURE, "version " + image.version()
                    + " is a downgrade from the running " + running.get() + " (downgrades are not allowed)");
        }
        return new Verdict.Accepted(image, valid);
    }
}
