package io.cellota.device.fota;

import io.cellota.firmware.image.ImageVersion;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;

/** What the application asks of its bootloader (Zephyr's {@code dfu/mcuboot.h}). */
public interface BootControl {

    /** The version of the image running now. */
    Optional<ImageVersion> runningVersion();

    /** The running image's security counter, if it carries one. */
    OptionalLong runningSecurityCounter();

    /** {@code boot_request_upgrade}: swap in the secondary image at the next boot, for a test run or for good. */
    void requestUpgrade(boolean permanent) throws IOException;

    /** {@code boot_write_img_confirmed}: keep the running image (no revert at the next boot). */
    void confirm() throws IOException;

    /** Whether the running image is confirmed. */
    boolean isConfirmed();
}
