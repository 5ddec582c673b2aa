package io.cellota.device.fota;

import io.cellota.firmware.image.ImageVersion;
import java.util.Optional;

/**
 * What the firmware learns at start about the boot that just happened.
 *
 * @param running       the version now running
 * @param swapped       whether the bootloader swapped in the secondary image on this boot
 * @param reverted      whether it swapped a tested image back out (it did not confirm itself)
 * @param refusedReason why the bootloader refused to install the secondary image, if it did
 */
public record BootReport(Optional<ImageVersion> running, boolean swapped, boolean reverted,
                         Optional<String> refusedReason) {

    /** A plain boot: nothing swapped, nothing refused. */
    public static BootReport plain(Optional<ImageVersion> running) {
        return new BootReport(running, false, false, Optional.empty());
    }
}
