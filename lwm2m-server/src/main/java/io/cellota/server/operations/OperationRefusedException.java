package io.cellota.server.operations;

/** A held operation refused: the request is malformed, or the device's queue is full, or it cannot be cancelled. */
public final class OperationRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why: the request itself is wrong, or it conflicts with what is held now. */
    public enum Reason {
        INVALID, CONFLICT
    }

    private final Reason reason;

    public OperationRefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
