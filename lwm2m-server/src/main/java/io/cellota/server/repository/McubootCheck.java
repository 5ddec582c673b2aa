package io.cellota.server.repository;

import io.cellota.firmware.image.FileImageSource;
import io.cellota.firmware.image.ImageFormatException;
import io.cellota.firmware.image.ImageReader;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.TrustedKey;
import io.cellota.firmware.signing.VerificationResult;
import io.cellota.server.repository.RepositoryException.Reason;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Checks an uploaded MCUboot image in its file: firmware-object's {@link ImageReader} parses it and its
 * {@link ImageVerifier} checks the hash and a signature under the trusted keys, as {@code bootutil_img_validate}
 * will on the device. A rejection carries the reader's or verifier's own message.
 */
final class McubootCheck {

    /** What a verified image says about itself. */
    record Verified(ImageVersion version, Optional<String> signer, OptionalLong securityCounter) {
    }

    private final ImageVerifier verifier;

    McubootCheck(List<TrustedKey> trustedKeys) {
        this.verifier = new ImageVerifier(trustedKeys);
    }

    Verified verify(Path file) throws RepositoryException {
        if (verifier.trustedKeys().isEmpty()) {
            throw new RepositoryException(Reason.UNTRUSTED, "no signing keys are trusted: configure the public keys"
                    + " whose signatures MCUboot images must carry");
        }
        try (FileImageSource source = FileImageSource.open(file)) {
            McubootImage image;
            try {
                image = ImageReader.read(source);
            } catch (ImageFormatException e) {
                throw new RepositoryException(reasonOf(e.reason()), e.getMessage(), e);
            }
            VerificationResult result = verifier.verify(source, image);
            if (result instanceof VerificationResult.Valid valid) {
                return new Verified(valid.version(), valid.key().map(TrustedKey::name), valid.securityCounter());
            }
            VerificationResult.Invalid invalid = (VerificationResult.Invalid) result;
            throw new RepositoryException(reasonOf(invalid.failure()), invalid.message());
        } catch (IOException e) {
            throw new RepositoryException(Reason.STORAGE, "cannot read the staged image: " + e.getMessage(), e);
        }
    }

    private static Reason reasonOf(ImageFormatException.Reason reason) {
        return switch (reason) {
            case BAD_MAGIC, ERASED -> Reason.NOT_AN_IMAGE;
            default -> Reason.INVALID_IMAGE;
        };
    }

    private static Reason reasonOf(VerificationResult.Failure failure) {
        return switch (failure) {
            case MALFORMED, NO_HASH, HASH_MISMATCH -> Reason.INVALID_IMAGE;
            case UNSIGNED, NO_KEY_FOR_SIGNATURE, UNTRUSTED_KEY, BAD_SIGNATURE -> Reason.UNTRUSTED;
        };
    }
}
