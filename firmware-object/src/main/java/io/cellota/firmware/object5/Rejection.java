package io.cellota.firmware.object5;

/**
 * Why the Object 5 state machine refuses a trigger, and so what the device answers (LwM2M Core 1.1
 * section 5.4 response codes; OMA-SUP-XML_5-V1_1 resources 2, 3 and 10). Our own values, so that
 * this module needs no CoAP library; the LwM2M adapters map each to a response.
 */
public enum Rejection {
    /**
     * The device answers 4.05 Method Not Allowed: an Execute the current state does not accept, i.e.
     * Update outside Downloaded (resource 2, ETS int-772) or Cancel while Idle or Updating
     * (resource 10: "MUST respond with Method Not Allowed").
     */
    METHOD_NOT_ALLOWED,
    /**
     * The device answers 4.00 Bad Request: a Write of Package or Package URI that is not a trigger in
     * the current state (LwM2M 1.1 firmware update section: such an operation "SHOULD be rejected"),
     * or a Package URI longer than its 0..255 range.
     */
    BAD_REQUEST,
    /**
     * The trigger belongs to object version 1.1 and the device implements 1.0: a v1.0 device has no
     * Cancel resource and answers an Execute of {@code /5/0/10} with 4.04 Not Found; it never defers.
     */
    NOT_SUPPORTED_IN_VERSION,
    /**
     * An event the device itself raised (a download or update outcome) that cannot happen in the
     * current state, or a deferral start without a deferral: a fault in the device's own update logic.
     * There is no request to answer; the device must keep its status and log the fault.
     */
    ILLEGAL_EVENT
}
