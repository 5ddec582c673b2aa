package io.cellota.server.update;

import io.cellota.firmware.object5.DeliveryMethod;

/**
 * How the package reaches the device (OMA-SUP-XML_5-V1_1, resources 0, 1 and 9): the device pulls it
 * from a Package URI, or the server pushes it block-wise into the Package resource.
 */
public enum Delivery {
    /** The server writes a Package URI {@code /5/0/1}; the device downloads from the file server. */
    PULL,
    /** The server writes the package into Package {@code /5/0/0} with a block-wise (Block1) Write. */
    PUSH;

    /** Whether a device reporting {@code method} in {@code /5/0/9} accepts this delivery. */
    public boolean isSupportedBy(DeliveryMethod method) {
        return this == PULL ? method.supportsPull() : method.supportsPush();
    }
}
