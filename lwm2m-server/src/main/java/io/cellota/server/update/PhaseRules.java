package io.cellota.server.update;

import static io.cellota.server.update.Steps.describe;

import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.UpdateState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The phase machine of one update as pure functions: from an update and an input (a command's outcome,
 * a registration, an uplink, the clock, a restart, a cancel) to the {@link Step} to save. Never sends
 * anything; {@link UpdateEngine} saves each step and then sends the command it issued.
 */
final class PhaseRules {

    private final Steps steps;
    private final DeviceTruth truth;
    private final Function<String, PlanChooser> choosers;

    PhaseRules(Steps steps, Function<String, PlanChooser> choosers) {
        this.steps = Objects.requireNonNull(steps, "steps");
        this.truth = new DeviceTruth(steps);
        this.choosers = Objects.requireNonNull(choosers, "choosers");
    }

    /** What follows a saved step without an input: Execute once DOWNLOADED; start a due QUEUED attempt. */
    Optional<Step> followUp(DeviceUpdate u, Instant now) {
        if (u.outstanding().isPresent()) {
            return Optional.empty();
        }
        if (u.phase() == UpdatePhase.DOWNLOADED) {
            return Optional.of(steps.execute(u, now, "executing Update"));
        }
        if (u.phase() == UpdatePhase.QUEUED && u.nextCheck().filter(t -> !now.isBefore(t)).isPresent()) {
            return Optional.of(new Step(steps.enter(u, UpdatePhase.PREPARING, now).withCommand(DeviceCommand.READ_FACTS),
                    "attempt " + u.attempt() + ": reading the device's Object 5"));
        }
        return Optional.empty();
    }

    /** The answer to the command {@code ref}; empty if {@code u} is not waiting for it (a stale answer). */
    Optional<Step> outcome(DeviceUpdate u, CommandRef ref, CommandOutcome outcome, Instant now) {
        if (!u.awaits(ref)) {
            return Optional.empty();
        }
        DeviceCommand command = u.outstanding().orElseThrow().command();
        String operation = command.operation();
        if (outcome instanceof CommandOutcome.Held) {
            return Optional.of(new Step(u.withOutstandingStatus(Outstanding.Status.HELD),
                    "the device sleeps: " + operation + " is held until it wakes"));
        }
        if (outcome instanceof CommandOutcome.NotRegistered) {
            return Optional.of(new Step(u.withOutstandingStatus(Outstanding.Status.NOT_REGISTERED),
                    "the device is not registered: " + operation + " waits for its registration"));
        }
        if (outcome instanceof CommandOutcome.TimedOut) {
            if (command.readsOnly()) {
                // reading again at once could loop as fast as the gateway fails; the next uplink or the retry reads
                return Optional.of(steps.readAgainLater(u.withoutOutstanding(), "no answer to " + operation, now));
            }
            return Optional.of(settled(steps.resync(u, "no answer to " + operation + ": reading the device"), now));
        }
        if (outcome instanceof CommandOutcome.DeviceError error) {
            return Optional.of(settled(rejected(u.withoutOutstanding(), command, error.code(), now), now));
        }
        CommandOutcome.Success success = (CommandOutcome.Success) outcome;
        return Optional.of(settled(succeeded(u.withoutOutstanding(), command, success, now), now));
    }

    /** A notification of State and Update Result. */
    Step notified(DeviceUpdate u, FirmwareUpdateStatus status, Instant now) {
        return settled(truth.reported(u, status, false, now), now);
    }

    /** A new registration: the device rebooted or came back, and its observations are gone. */
    Optional<Step> registered(DeviceUpdate u, Instant now) {
        if (u.phase() == UpdatePhase.QUEUED || u.phase().isFinal()) {
            return Optional.empty();
        }
        return Optional.of(steps.resync(u, "the device registered: reading it"));
    }

    /** An uplink: a command waiting for a registration is re-issued, a scheduled check is done now. */
    Optional<Step> awake(DeviceUpdate u, Instant now) {
        boolean unregistered = u.outstanding().map(o -> o.status() == Outstanding.Status.NOT_REGISTERED).orElse(false);
        if (unregistered) {
            return Optional.of(steps.resync(u, "the device is back: reading it"));
        }
        if (u.phase() != UpdatePhase.QUEUED && u.outstanding().isEmpty() && u.nextCheck().isPresent()) {
            return Optional.of(steps.resync(u, "the device is awake: reading it now").quietly());
        }
        return Optional.empty();
    }

    /** The clock: a passed deadline ends the phase; a due check polls the device or starts the attempt. */
    Optional<Step> tick(DeviceUpdate u, Instant now) {
        if (u.deadline().filter(d -> !now.isBefore(d)).isPresent()) {
            return Optional.of(expired(u, now));
        }
        boolean due = u.nextCheck().filter(t -> !now.isBefore(t)).isPresent();
        if (!due || u.outstanding().isPresent()) {
            return Optional.empty();
        }
        return u.phase() == UpdatePhase.QUEUED ? followUp(u, now) : Optional.of(steps.resync(u, "polling").quietly());
    }

    /** After a restart: re-read the device before anything else; QUEUED waits for its check. */
    Optional<Step> recover(DeviceUpdate u, Instant now) {
        if (u.phase() == UpdatePhase.QUEUED) {
            return Optional.empty();
        }
        return Optional.of(steps.resync(u, "recovered after a restart: reading the device before any other command"));
    }

    /**
     * A cancel request: CANCELLED at once if the device was never touched (or is Idle between
     * attempts), otherwise CANCELLING with Cancel (v1.1) or an empty Package URI (v1.0); empty if
     * already cancelling.
     *
     * @throws UpdateRefusedException FINISHED after a final phase, INSTALLING once Execute was issued
     */
    Optional<Step> cancel(DeviceUpdate u, Instant now) {
        UpdatePhase phase = u.phase();
        if (phase.isFinal()) {
            throw new UpdateRefusedException(UpdateRefusedException.Reason.FINISHED,
                    "update " + u.id() + " has already finished: " + phase);
        }
        if (phase.isInstalling()) {
            throw new UpdateRefusedException(UpdateRefusedException.Reason.INSTALLING, "update " + u.id()
                    + " is " + phase + ": the device was told to install, and refuses Cancel and reset while updating");
        }
        if (phase == UpdatePhase.CANCELLING) {
            return Optional.empty();
        }
        boolean idle = u.deviceStatus().map(s -> s.state() == UpdateState.IDLE).orElse(false);
        if (phase == UpdatePhase.QUEUED && (u.commandCount() == 0 || idle)) {
            return Optional.of(steps.cancelled(u, now, u.commandCount() == 0
                    ? "before any command reached the device" : "between attempts, with the device Idle"));
        }
        boolean hasCancel = u.plan().map(DeliveryPlan::hasCancel).orElse(false);
        DeviceCommand command = hasCancel ? DeviceCommand.EXECUTE_CANCEL : DeviceCommand.RESET;
        return Optional.of(new Step(steps.enter(u, UpdatePhase.CANCELLING, now).withCommand(command),
                "cancel requested: " + command.operation()));
    }

    private Step succeeded(DeviceUpdate u, DeviceCommand command, CommandOutcome.Success answer, Instant now) {
        return switch (command) {
            case READ_FACTS -> prepared(u, required(answer.facts(), command), now);
            case RESET -> u.phase() == UpdatePhase.CANCELLING ? steps.cancelled(u, now, "the device was reset")
                    : new Step(u.withCommand(DeviceCommand.OBSERVE), "the device was reset: observing State and Update Result");
            case OBSERVE -> observed(u.withObserving(true), required(answer.status(), command), now);
            case WRITE_PACKAGE_URI -> steps.downloading(u, now, "the device accepted the Package URI");
            case PUSH_PACKAGE -> steps.downloading(u, now, "the device accepted the whole package");
            case EXECUTE_UPDATE -> steps.confirming(u, now, "the device accepted Execute: waiting for it to come back");
            case EXECUTE_CANCEL -> steps.cancelled(u, now, "the device executed Cancel");
            case READ_STATUS -> truth.reported(u, required(answer.status(), command), true, now);
            case READ_FIRMWARE_VERSION -> truth.versionRead(u, required(answer.firmwareVersion(), command), now);
        };
    }

    private Step prepared(DeviceUpdate current, Object5Facts facts, Instant now) {
        DeviceUpdate u = current.withDeviceStatus(facts.status());
        PlanChooser.Choice choice = choosers.apply(u.endpoint()).choose(facts, u.preference());
        if (choice instanceof PlanChooser.Choice.Unsupported unsupported) {
            return steps.fail(u, Failure.engine(Failure.Reason.UNSUPPORTED_DELIVERY, unsupported.reason()), now);
        }
        DeliveryPlan plan = ((PlanChooser.Choice.Chosen) choice).plan();
        u = u.withPlan(plan);
        FirmwareUpdateStatus status = facts.status();
        if (status.state() == UpdateState.UPDATING) {
            return new Step(steps.later(u, now), "the device is installing something else: reading it again later");
        }
        if (!status.equals(FirmwareUpdateStatus.INITIAL)) {
            return new Step(u.withCommand(DeviceCommand.RESET), "plan: " + plan + "; resetting the device from "
                    + describe(status));
        }
        return new Step(u.withCommand(DeviceCommand.OBSERVE), "plan: " + plan + "; observing State and Update Result");
    }

    private Step observed(DeviceUpdate u, FirmwareUpdateStatus status, Instant now) {
        if (u.phase() == UpdatePhase.PREPARING) {
            return steps.transfer(u.withDeviceStatus(status), now);
        }
        return truth.reported(u, status, true, now);
    }

    private Step rejected(DeviceUpdate u, DeviceCommand command, ResponseCode code, Instant now) {
        String answer = "the device answered " + code + " to " + command.operation();
        return switch (command) {
            case OBSERVE -> u.phase() == UpdatePhase.PREPARING
                    ? steps.transfer(u.withObserving(false), now).because(answer + ", polling instead")
                    : new Step(u.withObserving(false).withCommand(DeviceCommand.READ_STATUS), answer + ": reading instead");
            case EXECUTE_CANCEL -> code.equals(ResponseCode.METHOD_NOT_ALLOWED) ? steps.resync(u, answer)
                    : new Step(u.withCommand(DeviceCommand.RESET), answer + ": resetting with an empty Package URI");
            case RESET -> u.phase() == UpdatePhase.CANCELLING ? steps.resync(u, answer)
                    : steps.failOrRetry(u, Failure.engine(Failure.Reason.COMMAND_REJECTED, answer), now);
            default -> steps.failOrRetry(u, Failure.engine(Failure.Reason.COMMAND_REJECTED, answer), now);
        };
    }

    private Step expired(DeviceUpdate u, Instant now) {
        if (u.phase() == UpdatePhase.CANCELLING) {
            return steps.cancelled(u, now, "the device did not confirm before the deadline; it may still hold the package");
        }
        Optional<Outstanding> waiting = u.outstanding();
        String detail = u.phase() + " did not finish by " + u.deadline().orElseThrow() + waiting.map(o -> ", "
                + o.command().operation() + (o.status() == Outstanding.Status.HELD ? " held for the sleeping device"
                : o.status() == Outstanding.Status.NOT_REGISTERED ? " waiting for a registration" : " unanswered"))
                .orElse("");
        boolean gone = waiting.map(o -> o.status() == Outstanding.Status.NOT_REGISTERED).orElse(false);
        return steps.failOrRetry(u, Failure.engine(gone ? Failure.Reason.DEVICE_GONE : Failure.Reason.DEADLINE,
                detail), now);
    }

    private Step settled(Step step, Instant now) {
        return steps.settle(step, now);
    }

    private static <T> T required(Optional<T> value, DeviceCommand command) {
        return value.orElseThrow(() -> new IllegalArgumentException(
                "the gateway answered " + command.operation() + " without its value"));
    }
}
