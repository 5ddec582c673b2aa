package io.cellota.server.update;

/**
 * Where one {@link DeviceUpdate} stands, as the REST API's {@code state} shows it. The device's own
 * Object 5 State and Update Result are kept beside it ({@link DeviceUpdate#deviceStatus()}); the
 * phase says what the engine is doing about them. See {@code docs/lwm2m-server.md} for the diagram.
 */
public enum UpdatePhase {
    /**
     * Accepted and saved; the next attempt starts at {@link DeviceUpdate#nextCheck()}: at once for a
     * new update, after the backoff for a retry. No command is outstanding and no deadline runs.
     */
    QUEUED,
    /**
     * Reading the device's Object 5 facts (State, Update Result, Delivery Method, Protocol Support,
     * object version), choosing the plan, resetting a device that is not Idle/0, observing State and
     * Update Result.
     */
    PREPARING,
    /** Giving the device its package: writing the Package URI (pull) or the Package block-wise (push). */
    TRANSFERRING,
    /** The device has its URI (or the last block) and is downloading or checking; waiting for Downloaded. */
    DOWNLOADING,
    /** The device reports Downloaded; the engine executes Update next. */
    DOWNLOADED,
    /** Execute Update was issued and the device has not yet shown that it started (or it deferred). */
    INSTALLING,
    /**
     * The device accepted Execute or reports Updating; waiting for it to come back (a new registration
     * or Idle with Update Result 1), then reading Update Result and {@code /3/0/3}.
     */
    CONFIRMING,
    /** Final: the device reports Idle, Update Result 1 and the target version in {@code /3/0/3}. */
    SUCCEEDED,
    /** Final: the update failed; {@link DeviceUpdate#failure()} says why. */
    FAILED,
    /** Cancel was requested: executing Cancel (object 5 v1.1) or writing an empty Package URI (v1.0). */
    CANCELLING,
    /** Final: the update was cancelled and the device reset, or never touched. */
    CANCELLED;

    /** Whether nothing more happens to an update in this phase. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** Whether an update in this phase counts as the one active update of its device. */
    public boolean isActive() {
        return !isFinal();
    }

    /**
     * Whether the device has been told to install: from here on a cancel is refused, because the
     * Cancel resource and a reset are both refused while Updating.
     */
    public boolean isInstalling() {
        return this == INSTALLING || this == CONFIRMING;
    }
}
