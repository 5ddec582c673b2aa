package io.cellota.server.devices;

import java.util.Objects;

/** A device operation that could not be done, and why; the message says it in words for the operator. */
public final class DeviceOperationException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No registration now. */
        NOT_REGISTERED,
        /** A queue-mode device with no uplink within the awake time: it cannot be reached until it wakes. */
        ASLEEP,
        /** No answer within the timeout (the device went to sleep, out of coverage, or the link lost it). */
        TIMEOUT,
        /** The path or value is not acceptable for this resource. */
        INVALID,
        /** The operation is refused on this path (the server's own observations of Object 5). */
        REFUSED
    }

    private final Reason reason;

    public DeviceOperationException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
