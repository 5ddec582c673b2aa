package io.cellota.server.update;

import java.util.Objects;

/**
 * A request to the engine that cannot be honoured, with a {@link Reason} the REST layer maps to an HTTP
 * status and a message for the operator.
 */
public final class UpdateRefusedException extends RuntimeException {

    /** Why a request is refused. */
    public enum Reason {
        /** The device already has an active update (at most one per device). */
        DEVICE_BUSY,
        /** No update has this id. */
        NOT_FOUND,
        /** The update has already finished. */
        FINISHED,
        /** The device was told to install; neither Cancel nor a reset can stop it any more. */
        INSTALLING
    }

    private final Reason reason;

    /** A refusal for {@code reason}, explained by {@code message}. */
    public UpdateRefusedException(Reason reason, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the request was refused. */
    public Reason reason() {
        return reason;
    }
}
