package io.cellota.server.update;

import static io.cellota.server.update.Steps.describe;

import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine does with a device's State and Update Result ({@code /5/0/3}, {@code /5/0/5}) in each
 * phase. The device's report is the truth; the phase says what the engine expected.
 *
 * <p>A report is <em>fresh</em> when it answers a read the engine issued: commands reach a device in
 * order, so a fresh report shows the effect of every earlier command that arrived. Only a fresh report
 * may prove that a command never arrived (e.g. still Downloaded/0 after Execute: Execute again), or
 * that the device lost its package (Idle/0). A notification may be older than the last command; when
 * it contradicts the phase, the engine reads to confirm rather than act on it. A failure (Update Result 2
 * to 10) is likewise acted on only once a read confirms it: State and Update Result are observed one by
 * one, so a notification pairs one new value with the other's last known value, and a new State beside
 * the previous attempt's Update Result would otherwise look like a failure of this one.
 *
 * <p>Every attempt starts from Idle/0 (PREPARING resets any other status), so any Update Result from 2
 * to 10 seen after that belongs to this attempt.
 */
final class DeviceTruth {

    private final Steps steps;

    DeviceTruth(Steps steps) {
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    /** The step for {@code status} reported to {@code current}, fresh (a read's answer) or not (a notification). */
    Step reported(DeviceUpdate current, FirmwareUpdateStatus status, boolean fresh, Instant now) {
        DeviceUpdate u = current.withDeviceStatus(status);
        String seen = "the device reports " + describe(status);
        return switch (u.phase()) {
            case QUEUED, PREPARING, SUCCEEDED, FAILED, CANCELLED -> new Step(u, seen);
            case CANCELLING -> cancelling(u, status, fresh, now, seen);
            case TRANSFERRING, DOWNLOADING, DOWNLOADED, INSTALLING, CONFIRMING -> delivering(u, status, fresh, now, seen);
        };
    }

    /** SUCCEEDED if {@code /3/0/3} is the target version, otherwise FAILED (WRONG_VERSION). */
    Step versionRead(DeviceUpdate u, String version, Instant now) {
        String target = u.target().targetVersion();
        if (version.equals(target)) {
            return new Step(u.finished(UpdatePhase.SUCCEEDED, Optional.empty(), now),
                    "succeeded: the device reports Update Result 1 and runs " + version);
        }
        return steps.failOrRetry(u, Failure.engine(Failure.Reason.WRONG_VERSION, "the device reports Update Result 1"
                + " but /3/0/3 is \"" + version + "\", not \"" + target + "\""), now);
    }

    private Step delivering(DeviceUpdate u, FirmwareUpdateStatus status, boolean fresh, Instant now, String seen) {
        Optional<UpdateResult> failed = status.failure();
        if (failed.isPresent()) {
            return fresh ? steps.failOrRetry(u, Failure.device(failed.get()), now)
                    : steps.resync(u, seen + ": reading to confirm");
        }
        return switch (status.state()) {
            case IDLE -> idle(u, status.result(), fresh, now, seen);
            case DOWNLOADING -> downloading(u, fresh, now, seen);
            case DOWNLOADED -> downloaded(u, status.result(), fresh, now, seen);
            case UPDATING -> u.phase() == UpdatePhase.CONFIRMING ? new Step(u, seen)
                    : steps.confirming(u, now, seen + ": installing");
        };
    }

    private Step idle(DeviceUpdate u, UpdateResult result, boolean fresh, Instant now, String seen) {
        if (result == UpdateResult.SUCCESS) {
            return steps.readVersion(u, now);
        }
        if (result == UpdateResult.CANCELLED) {
            return fresh ? steps.failOrRetry(u, Failure.device(result), now) : steps.resync(u, seen + ": reading to confirm");
        }
        UpdatePhase phase = u.phase();
        if (!fresh) {
            return phase == UpdatePhase.TRANSFERRING ? new Step(u, seen) : steps.resync(u, seen + ": reading to confirm");
        }
        if (phase == UpdatePhase.TRANSFERRING) {
            return steps.transfer(u, now).because(seen + ": the transfer never reached it");
        }
        return steps.failOrRetry(u, Failure.engine(Failure.Reason.PACKAGE_LOST,
                "the device went back to Idle/0 while " + phase + ": it no longer holds the package"), now);
    }

    private Step downloading(DeviceUpdate u, boolean fresh, Instant now, String seen) {
        UpdatePhase phase = u.phase();
        boolean push = u.plan().map(p -> p.delivery() == Delivery.PUSH).orElse(false);
        if (phase == UpdatePhase.TRANSFERRING && push) {
            return fresh ? steps.failOrRetry(u, Failure.engine(Failure.Reason.PACKAGE_LOST,
                    "the push broke off: the device waits in Downloading for blocks that will not come"), now)
                    : new Step(u, seen);
        }
        if (phase == UpdatePhase.TRANSFERRING) {
            return steps.downloading(u, now, seen + ": the Package URI arrived");
        }
        if (phase == UpdatePhase.DOWNLOADING) {
            return new Step(u, seen);
        }
        return fresh ? steps.failOrRetry(u, Failure.engine(Failure.Reason.UNEXPECTED_STATE,
                "the device is downloading again while " + phase), now)
                : steps.resync(u, seen + ": reading to confirm");
    }

    private Step downloaded(DeviceUpdate u, UpdateResult result, boolean fresh, Instant now, String seen) {
        UpdatePhase phase = u.phase();
        if (result == UpdateResult.DEFERRED) {
            return new Step(steps.enter(u.withoutOutstanding(), UpdatePhase.INSTALLING, now),
                    seen + ": the device's user deferred the update");
        }
        return switch (phase) {
            case TRANSFERRING, DOWNLOADING -> new Step(steps.enter(u.withoutOutstanding(), UpdatePhase.DOWNLOADED, now),
                    seen + ": the package is downloaded");
            case INSTALLING, CONFIRMING -> fresh
                    ? steps.execute(u, now, seen + ": the Execute never took effect; executing Update again")
                    : new Step(u, seen);
            default -> new Step(u, seen);
        };
    }

    private Step cancelling(DeviceUpdate u, FirmwareUpdateStatus status, boolean fresh, Instant now, String seen) {
        if (status.state() == UpdateState.IDLE) {
            return steps.cancelled(u, now, seen);
        }
        if (status.state() == UpdateState.UPDATING) {
            return steps.confirming(u, now, seen + ": too late to cancel, the update goes on");
        }
        return fresh ? new Step(u.withCommand(DeviceCommand.RESET), seen + ": resetting it")
                : new Step(u, seen);
    }
}
