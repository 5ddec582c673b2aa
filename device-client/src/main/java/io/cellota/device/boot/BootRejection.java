package io.cellota.device.boot;

import io.cellota.firmware.signing.VerificationResult;
import java.util.Objects;
import java.util.Optional;

/**
 * Why the bootloader would not use the image in a slot: there is none, it failed validation (with the verifier's
 * {@link VerificationResult.Failure} and message), or rollback protection refused its security counter.
 *
 * @param reason  the kind of refusal
 * @param failure the verifier's failure, present exactly for {@link Reason#INVALID_IMAGE}
 * @param message one line for a person
 * @see <a href="https://docs.mcuboot.com/design.html#high-level-operation">MCUboot design: high-level operation</a>
 */
public record BootRejection(Reason reason, Optional<VerificationResult.Failure> failure, String message) {

    /** The kinds of refusal. */
    public enum Reason {
        /** The slot's image header reads as erased flash. */
        NO_IMAGE,
        /** Malformed, not fitting the slot, hash mismatch, unsigned, untrusted or bad signature. */
        INVALID_IMAGE,
        /** Rollback protection: no {@code SEC_CNT}, or one below the device's stored counter. */
        SECURITY_COUNTER
    }

    public BootRejection {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(message, "message");
        if (failure.isPresent() != (reason == Reason.INVALID_IMAGE)) {
            throw new IllegalArgumentException("a verification failure goes with INVALID_IMAGE only, not " + reason);
        }
        if (message.isBlank()) {
            throw new IllegalArgumentException("a rejection needs a message");
        }
    }

    public static BootRejection noImage(String slot) {
        return new BootRejection(Reason.NO_IMAGE, Optional.empty(), "no image in the " + slot + " slot (erased header)");
    }

    public static BootRejection invalid(VerificationResult.Invalid invalid) {
        return new BootRejection(Reason.INVALID_IMAGE, Optional.of(invalid.failure()), invalid.message());
    }

    public static BootRejection securityCounter(String message) {
        return new BootRejection(Reason.SECURITY_COUNTER, Optional.empty(), message);
    }
}
