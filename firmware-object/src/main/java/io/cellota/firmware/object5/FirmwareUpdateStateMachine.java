package io.cellota.firmware.object5;

import static io.cellota.firmware.object5.UpdateState.DOWNLOADED;
import static io.cellota.firmware.object5.UpdateState.DOWNLOADING;
import static io.cellota.firmware.object5.UpdateState.IDLE;
import static io.cellota.firmware.object5.UpdateState.UPDATING;

import io.cellota.firmware.object5.Trigger.CancelExecuted;
import io.cellota.firmware.object5.Trigger.DeferredUpdateStarted;
import io.cellota.firmware.object5.Trigger.DownloadCompleted;
import io.cellota.firmware.object5.Trigger.DownloadFailed;
import io.cellota.firmware.object5.Trigger.PackageReset;
import io.cellota.firmware.object5.Trigger.PackageUriWritten;
import io.cellota.firmware.object5.Trigger.PackageWriteStarted;
import io.cellota.firmware.object5.Trigger.UpdateDeferred;
import io.cellota.firmware.object5.Trigger.UpdateExecuted;
import io.cellota.firmware.object5.Trigger.UpdateFailed;
import io.cellota.firmware.object5.Trigger.UpdateSucceeded;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The Firmware Update state machine of one object version (LwM2M 1.0 TS Figure 29; OMA-SUP-XML_5-V1_1
 * resources 2, 3, 5 and 10; the OMA ETS int-770 to int-780 pass criteria), as a pure function from a
 * status and a trigger to a {@link Transition}. It holds no state and is safe to share.
 *
 * <p>Accepted transitions ("UR" is the Update Result after the transition):
 * <table>
 * <caption>Transitions</caption>
 * <tr><th>From</th><th>Trigger</th><th>To / UR</th><th>Spec row</th></tr>
 * <tr><td>Idle</td><td>PackageWriteStarted, PackageUriWritten</td><td>Downloading / 0</td>
 *     <td>resource 3; UR "MUST be reset" when a download starts; ETS 770 1b-1c, 771</td></tr>
 * <tr><td>Idle, Downloading, Downloaded</td><td>PackageReset</td><td>Idle / 0</td>
 *     <td>resource 3: "resets the Firmware Update State Machine"; ETS 770 1a, 771</td></tr>
 * <tr><td>Downloading</td><td>DownloadCompleted</td><td>Downloaded / 0</td><td>resource 3; ETS 770 1c</td></tr>
 * <tr><td>Downloading</td><td>DownloadFailed(r)</td><td>Idle / r</td>
 *     <td>ETS 773 (2), 774 (3), 775 (4), 776 (5), 777 (6), 778 (7); UR 9 definition</td></tr>
 * <tr><td>Downloaded</td><td>UpdateExecuted</td><td>Updating / 0</td>
 *     <td>resource 2; UR reset when the update starts; ETS 770 2a-2b, 779</td></tr>
 * <tr><td>Downloaded</td><td>UpdateDeferred (1.1)</td><td>Downloaded / 11</td><td>resource 3 (1.1)</td></tr>
 * <tr><td>Downloaded with UR 11</td><td>DeferredUpdateStarted (1.1)</td><td>Updating / 0</td>
 *     <td>resource 3 (1.1): "Once a user accepted ... the state changes to Updating"</td></tr>
 * <tr><td>Downloading, Downloaded</td><td>CancelExecuted (1.1)</td><td>Idle / 10</td><td>resource 10</td></tr>
 * <tr><td>Updating</td><td>UpdateSucceeded</td><td>Idle / 1</td><td>resource 3; ETS 770 3a</td></tr>
 * <tr><td>Updating</td><td>UpdateFailed(8)</td><td>Downloaded / 8</td><td>resource 3; ETS 779</td></tr>
 * <tr><td>Updating</td><td>UpdateFailed(5)</td><td>1.1: Idle / 5; 1.0: Downloaded / 5</td>
 *     <td>1.1 resource 3: "Integrity Check Failure results in ... Idle"; 1.0: "returns at Downloaded"</td></tr>
 * </table>
 *
 * <p>Everything else is rejected and leaves the status as it was: a v1.1 trigger on a v1.0 machine
 * ({@link Rejection#NOT_SUPPORTED_IN_VERSION}); a Write that is not a trigger in the current state, a
 * reset while Updating, or a Package URI over 255 bytes ({@link Rejection#BAD_REQUEST}); Execute of
 * Update outside Downloaded (ETS 772) or Cancel in Idle or Updating
 * ({@link Rejection#METHOD_NOT_ALLOWED}); a device outcome in a state it cannot occur in
 * ({@link Rejection#ILLEGAL_EVENT}). Decisions are taken on the State alone, except
 * DeferredUpdateStarted, which needs the Update Result 11 a deferral leaves.
 */
public final class FirmwareUpdateStateMachine {

    private final ObjectVersion version;

    /** A machine for devices implementing {@code version} of object 5. */
    public FirmwareUpdateStateMachine(ObjectVersion version) {
        this.version = Objects.requireNonNull(version, "version");
    }

    /** The object version whose rules this machine applies. */
    public ObjectVersion version() {
        return version;
    }

    /** Where {@code trigger} takes a device whose status is {@code from}; see the class table. */
    public Transition apply(FirmwareUpdateStatus from, Trigger trigger) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(trigger, "trigger");
        if (!version.isAtLeast(trigger.since())) {
            return reject(Rejection.NOT_SUPPORTED_IN_VERSION, name(trigger) + " needs object 5 version "
                    + trigger.since().version() + ", the device implements " + version.version());
        }
        UpdateState state = from.state();
        if (trigger instanceof PackageWriteStarted) {
            return startDownload(state, "a Write of Package");
        }
        if (trigger instanceof PackageUriWritten written) {
            int length = written.uri().getBytes(StandardCharsets.UTF_8).length;
            if (length > FirmwareUpdateResource.PACKAGE_URI_MAX_LENGTH) {
                return reject(Rejection.BAD_REQUEST, "a Package URI of " + length
                        + " bytes exceeds the range 0.." + FirmwareUpdateResource.PACKAGE_URI_MAX_LENGTH);
            }
            return startDownload(state, "a Write of Package URI");
        }
        if (trigger instanceof PackageReset) {
            return state == UPDATING
                    ? reject(Rejection.BAD_REQUEST, "a reset of Package or Package URI while Updating")
                    : accept(IDLE, UpdateResult.INITIAL);
        }
        if (trigger instanceof DownloadCompleted) {
            return state == DOWNLOADING
                    ? accept(DOWNLOADED, UpdateResult.INITIAL)
                    : illegal(trigger, state);
        }
        if (trigger instanceof DownloadFailed failed) {
            return state == DOWNLOADING ? accept(IDLE, failed.reason()) : illegal(trigger, state);
        }
        if (trigger instanceof UpdateExecuted) {
            return state == DOWNLOADED
                    ? accept(UPDATING, UpdateResult.INITIAL)
                    : notDownloaded("an Execute of Update", state);
        }
        if (trigger instanceof UpdateDeferred) {
            return state == DOWNLOADED
                    ? accept(DOWNLOADED, UpdateResult.DEFERRED)
                    : notDownloaded("an Execute of Update (deferred)", state);
        }
        if (trigger instanceof DeferredUpdateStarted) {
            return state == DOWNLOADED && from.result() == UpdateResult.DEFERRED
                    ? accept(UPDATING, UpdateResult.INITIAL)
                    : reject(Rejection.ILLEGAL_EVENT, "a deferred update cannot start from " + from
                            + "; only Downloaded with Update Result 11 is a deferral");
        }
        if (trigger instanceof CancelExecuted) {
            return state == DOWNLOADING || state == DOWNLOADED
                    ? accept(IDLE, UpdateResult.CANCELLED)
                    : reject(Rejection.METHOD_NOT_ALLOWED, "an Execute of Cancel while " + state
                            + "; there is no download to cancel, or the update has begun");
        }
        if (trigger instanceof UpdateSucceeded) {
            return state == UPDATING ? accept(IDLE, UpdateResult.SUCCESS) : illegal(trigger, state);
        }
        if (trigger instanceof UpdateFailed failed) {
            return state == UPDATING ? accept(afterUpdateFailure(failed.reason()), failed.reason())
                    : illegal(trigger, state);
        }
        throw new IllegalStateException("unhandled trigger " + trigger);
    }

    /**
     * Whether the specification lets a device of this version report {@code status}: Downloading and
     * Updating carry only 0; Downloaded carries 0, 8, 11 (1.1) or 5 (1.0); Idle carries every code
     * of this version except 8 and 11. A server flags a device reporting anything else.
     */
    public boolean isReachable(FirmwareUpdateStatus status) {
        Objects.requireNonNull(status, "status");
        UpdateResult result = status.result();
        if (!result.isValidFor(version)) {
            return false;
        }
        return switch (status.state()) {
            case DOWNLOADING, UPDATING -> result == UpdateResult.INITIAL;
            case DOWNLOADED -> result == UpdateResult.INITIAL
                    || result == UpdateResult.DEFERRED
                    || (result.isUpdateFailure() && afterUpdateFailure(result) == DOWNLOADED);
            case IDLE -> result != UpdateResult.DEFERRED && result != UpdateResult.UPDATE_FAILED;
        };
    }

    /** 1.1 sends an integrity failure found while installing to Idle; 1.0 always returns to Downloaded. */
    private UpdateState afterUpdateFailure(UpdateResult reason) {
        boolean toIdle = version.isAtLeast(ObjectVersion.V1_1)
                && reason == UpdateResult.INTEGRITY_CHECK_FAILURE;
        return toIdle ? IDLE : DOWNLOADED;
    }

    private static Transition startDownload(UpdateState state, String write) {
        return state == IDLE
                ? accept(DOWNLOADING, UpdateResult.INITIAL)
                : reject(Rejection.BAD_REQUEST, write + " while " + state
                        + " is not a trigger; reset to Idle first");
    }

    private static Transition notDownloaded(String execute, UpdateState state) {
        return reject(Rejection.METHOD_NOT_ALLOWED, execute + " while " + state
                + "; Update is executable only in DOWNLOADED (ETS int-772)");
    }

    private static Transition illegal(Trigger trigger, UpdateState state) {
        return reject(Rejection.ILLEGAL_EVENT, name(trigger) + " cannot happen while " + state);
    }

    private static Transition accept(UpdateState state, UpdateResult result) {
        return new Transition.Accepted(new FirmwareUpdateStatus(state, result));
    }

    private static Transition reject(Rejection reason, String message) {
        return new Transition.Rejected(reason, message);
    }

    private static String name(Trigger trigger) {
        return trigger.getClass().getSimpleName();
    }
}
