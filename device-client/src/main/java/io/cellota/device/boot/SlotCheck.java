package io.cellota.device.boot;

import io.cellota.firmware.image.McubootImage;

/** The outcome of validating the image in a slot: accepted with its parsed image, or refused saying why. */
sealed interface SlotCheck {

    /** The slot holds a valid image that the policy allows. */
    record Accepted(McubootImage image) implements SlotCheck {
    }

    /** The slot's image may not be used. */
    record Refused(BootRejection why) implements SlotCheck {
    }
}
