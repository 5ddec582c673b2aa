package io.cellota.device.boot;

import io.cellota.device.flash.FlashLayout;
import io.cellota.device.flash.FlashSlot;
import io.cellota.firmware.image.ImageFormatException;
import io.cellota.firmware.image.ImageReader;
import io.cellota.firmware.image.ImageSource;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.VerificationResult;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * {@code boot_validate_slot}: whether the image in a slot may be swapped in or run. The header must not read as
 * erased; the image is read from the slot's image area only (slot minus trailer), so an image that does not fit
 * is malformed there; the verifier checks hash and signature in place; and with rollback protection the image's
 * {@code SEC_CNT} must be present and at least the stored counter.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#integrity-check">MCUboot design: integrity check</a>
 */
final class SlotValidator {

    private final ImageVerifier verifier;
    private final BootPolicy policy;
    private final SecurityCounterFile counter;
    private final FlashLayout layout;

    SlotValidator(ImageVerifier verifier, BootPolicy policy, SecurityCounterFile counter, FlashLayout layout) {
        this.verifier = verifier;
        this.policy = policy;
        this.counter = counter;
        this.layout = layout;
    }

    SlotCheck check(FlashSlot slot, String slotName) throws IOException {
        if (slot.isErased(0, 4)) {
            return new SlotCheck.Refused(BootRejection.noImage(slotName));
        }
        ImageSource imageArea = slot.region(layout.maxImageSize());
        McubootImage image;
        try {
            image = ImageReader.read(imageArea);
        } catch (ImageFormatException e) {
            return new SlotCheck.Refused(BootRejection.invalid(new VerificationResult.Invalid(
                    VerificationResult.Failure.MALFORMED, e.getMessage() + " (image area of " + layout.maxImageSize()
                    + " bytes in the " + slotName + " slot)")));
        }
        VerificationResult result = verifier.verify(imageArea, image);
        if (result instanceof VerificationResult.Invalid invalid) {
            return new SlotCheck.Refused(BootRejection.invalid(invalid));
        }
        if (policy.rollbackProtection()) {
            OptionalLong imageCounter = image.securityCounter();
            long stored = counter.read();
            if (imageCounter.isEmpty()) {
                return new SlotCheck.Refused(BootRejection.securityCounter("image " + image.version() + " in the "
                        + slotName + " slot carries no security counter (SEC_CNT), which rollback protection needs"));
            }
            if (imageCounter.getAsLong() < stored) {
                return new SlotCheck.Refused(BootRejection.securityCounter(String.format("rollback refused: image %s"
                        + " in the %s slot has security counter %d, below the device's %d", image.version(),
                        slotName, imageCounter.getAsLong(), stored)));
            }
        }
        return new SlotCheck.Accepted(image);
    }

    /**
     * Bytes the image in {@code slot} occupies, for sizing a swap: 0 when the header is erased, the whole image
     * area when the slot holds something unreadable (whatever it is, a swap must keep it).
     */
    long usedBytes(FlashSlot slot) throws IOException {
        if (slot.isErased(0, 4)) {
            return 0;
        }
        try {
            return ImageReader.read(slot.region(layout.maxImageSize())).imageEnd();
        } catch (ImageFormatException e) {
            return layout.maxImageSize();
        }
    }
}
