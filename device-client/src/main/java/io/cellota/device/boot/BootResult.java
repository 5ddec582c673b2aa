package io.cellota.device.boot;

import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.trailer.SwapType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;

/**
 * What one reset did: the swap performed, the image that runs (none when the primary slot holds no valid image),
 * whether an interrupted swap was finished first, and why an image was refused.
 *
 * @param swapType       {@code NONE}, {@code TEST}, {@code PERM}, {@code REVERT}, or {@code FAIL} when the
 *                       requested image was refused
 * @param runningImage   the image chain-loaded from the primary slot
 * @param resumed        an interrupted swap (a power cut mid-swap) was resumed and completed
 * @param rejection      why the secondary image was refused, when it was
 * @param primaryFailure why nothing runs, when the primary slot has no valid image
 * @see <a href="https://docs.mcuboot.com/design.html#boot-swap-types">MCUboot design: boot swap types</a>
 */
public record BootResult(SwapType swapType, Optional<McubootImage> runningImage, boolean resumed,
                         Optional<BootRejection> rejection, Optional<BootRejection> primaryFailure) {

    private static final EnumSet<SwapType> PERFORMED =
            EnumSet.of(SwapType.NONE, SwapType.TEST, SwapType.PERM, SwapType.REVERT, SwapType.FAIL);

    public BootResult {
        Objects.requireNonNull(swapType, "swapType");
        Objects.requireNonNull(runningImage, "runningImage");
        Objects.requireNonNull(rejection, "rejection");
        Objects.requireNonNull(primaryFailure, "primaryFailure");
        if (!PERFORMED.contains(swapType)) {
            throw new IllegalArgumentException("a boot performs NONE, TEST, PERM, REVERT or FAIL, not " + swapType);
        }
        if (runningImage.isPresent() == primaryFailure.isPresent()) {
            throw new IllegalArgumentException("either an image runs or the primary failure says why none does");
        }
        if (swapType == SwapType.FAIL && rejection.isEmpty()) {
            throw new IllegalArgumentException("a FAIL swap type needs the rejection of the secondary image");
        }
    }

    static BootResult running(SwapType type, McubootImage image, boolean resumed, Optional<BootRejection> rejection) {
        return new BootResult(type, Optional.of(image), resumed, rejection, Optional.empty());
    }

    static BootResult halted(SwapType type, BootRejection why, boolean resumed, Optional<BootRejection> rejection) {
        return new BootResult(type, Optional.empty(), resumed, rejection, Optional.of(why));
    }

    /** Whether a test image that was not confirmed was swapped back out. */
    public boolean reverted() {
        return swapType == SwapType.REVERT;
    }

    /** Whether an image runs. */
    public boolean booted() {
        return runningImage.isPresent();
    }

    public Optional<ImageVersion> runningVersion() {
        return runningImage.map(McubootImage::version);
    }
}
