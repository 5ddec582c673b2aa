package io.cellota.firmware.object5;

import java.util.Objects;
import java.util.Optional;

/**
 * The pair of State {@code /5/0/3} and Update Result {@code /5/0/5} that together say where a device
 * is in a firmware update (OMA-SUP-XML_5-V1_1, resources 3 and 5).
 *
 * <p>Any pair can be represented, because a server builds it from what a device reports; whether the
 * specification allows it is {@link FirmwareUpdateStateMachine#isReachable}.
 */
public record FirmwareUpdateStatus(UpdateState state, UpdateResult result) {

    /** Idle with Update Result 0: a device that has never downloaded, or was reset. */
    public static final FirmwareUpdateStatus INITIAL =
            new FirmwareUpdateStatus(UpdateState.IDLE, UpdateResult.INITIAL);

    /** Checks both parts are present. */
    public FirmwareUpdateStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(result, "result");
    }

    /**
     * Whether this is the end of a successful update, Idle with Update Result 1 (ETS int-770 step 3a).
     * A server must still compare {@code /3/0/3} with the target version (step 3b).
     */
    public boolean isSuccess() {
        return state == UpdateState.IDLE && result == UpdateResult.SUCCESS;
    }

    /**
     * The Update Result that reports why the last download or update failed (2 to 9), or empty if the
     * result reports no failure. After 8 the device is still Downloaded and may be executed again;
     * after any other failure it is Idle and needs a new package.
     */
    public Optional<UpdateResult> failure() {
        return result.isFailure() ? Optional.of(result) : Optional.empty();
    }
}
