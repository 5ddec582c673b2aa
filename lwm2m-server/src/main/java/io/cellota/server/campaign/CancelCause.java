package io.cellota.server.campaign;

/** Why the campaign asked the update engine to cancel a device's update: the result is named by it. */
public enum CancelCause {
    /** The campaign was cancelled hard: the device ends CANCELLED. */
    CAMPAIGN,
    /** The device passed the campaign's device deadline: it ends FAILED. */
    DEADLINE
}
