package io.cellota.server.update;

import io.cellota.firmware.object5.FirmwareUpdateStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The persisted state of one firmware update of one device: what to install and how the operator
 * wanted it delivered, the plan chosen for the device, the phase, the attempt, what the device last
 * reported, why it failed, the running deadline, and the {@link Outstanding} command that makes a
 * restart safe. Changed only by the engine, with copies, and saved with compare-and-set on
 * {@code revision}.
 *
 * @param revision    the store's version of this record: 0 before creation, one more on every save
 * @param retried     the failures of earlier attempts, oldest first; {@link #attempt()} is one more
 * @param observing   whether State and Update Result are observed; if not, the engine polls them
 * @param commandCount how many commands this update has issued; the last one has this sequence
 * @param deadline    when the current phase fails (empty in {@code QUEUED} and the final phases)
 * @param nextCheck   when the engine acts without an input: starts the next attempt ({@code QUEUED})
 *                    or polls the device
 */
public record DeviceUpdate(UpdateId id, long revision, String endpoint, PackageFacts target, Preference preference,
        Optional<DeliveryPlan> plan, UpdatePhase phase, List<Failure> retried,
        Optional<FirmwareUpdateStatus> deviceStatus, Optional<Failure> failure, boolean observing,
        long commandCount, Optional<Outstanding> outstanding, Optional<Instant> deadline,
        Optional<Instant> nextCheck, Instant createdAt, Instant phaseSince, Instant updatedAt) {

    /** Checks every part is present and the phase, failure, timers and outstanding command agree. */
    public DeviceUpdate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(preference, "preference");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(phase, "phase");
        retried = List.copyOf(retried);
        Objects.requireNonNull(deviceStatus, "deviceStatus");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(outstanding, "outstanding");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(nextCheck, "nextCheck");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(phaseSince, "phaseSince");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (revision < 0 || commandCount < 0) {
            throw new IllegalArgumentException("negative revision or command count");
        }
        if (outstanding.isPresent() && outstanding.get().sequence() != commandCount) {
            throw new IllegalArgumentException("the outstanding command is not the last one issued");
        }
        if (outstanding.isPresent() && deadline.isEmpty()) {
            throw new IllegalArgumentException("a command is issued only in a phase with a deadline");
        }
        if (phase.isFinal() && (outstanding.isPresent() || deadline.isPresent() || nextCheck.isPresent())) {
            throw new IllegalArgumentException("a finished update has no command, deadline or check");
        }
        if ((phase == UpdatePhase.FAILED || phase == UpdatePhase.CANCELLED) != failure.isPresent()) {
            throw new IllegalArgumentException("a failure goes with FAILED or CANCELLED, and only with them");
        }
    }

    /** A new update for {@code request}, queued to start at {@code now}; revision 0 until the store creates it. */
    public static DeviceUpdate queued(UpdateId id, UpdateRequest request, Instant now) {
        return new DeviceUpdate(id, 0, request.endpoint(), request.target(), request.preference(), Optional.empty(),
                UpdatePhase.QUEUED, List.of(), Optional.empty(), Optional.empty(), false, 0, Optional.empty(),
                Optional.empty(), Optional.of(now), now, now, now);
    }

    /** The attempt under way (or last made), from 1. */
    public int attempt() {
        return retried.size() + 1;
    }

    /** Whether {@code ref} names the command this update is waiting for. */
    public boolean awaits(CommandRef ref) {
        return outstanding.map(o -> ref.sameCommand(id, o.sequence())).orElse(false);
    }

    /** This update as saved at {@code revision}. */
    public DeviceUpdate withRevision(long revision) {
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, retried, deviceStatus,
                failure, observing, commandCount, outstanding, deadline, nextCheck, createdAt, phaseSince, updatedAt);
    }

    /** This update changed at {@code time}. */
    public DeviceUpdate withUpdatedAt(Instant time) {
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, retried, deviceStatus,
                failure, observing, commandCount, outstanding, deadline, nextCheck, createdAt, phaseSince, time);
    }

    /** This update entering the active {@code phase} at {@code now}, with its deadline; no check is pending. */
    public DeviceUpdate withPhase(UpdatePhase phase, Instant now, Optional<Instant> deadline) {
        if (phase.isFinal()) {
            throw new IllegalArgumentException("use finished() for " + phase);
        }
        Instant since = phase == this.phase ? phaseSince : now;
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, retried, deviceStatus,
                failure, observing, commandCount, outstanding, deadline, Optional.empty(), createdAt, since, updatedAt);
    }

    /** This update ending in the final {@code phase} at {@code now}, with its failure if it has one. */
    public DeviceUpdate finished(UpdatePhase phase, Optional<Failure> failure, Instant now) {
        if (!phase.isFinal()) {
            throw new IllegalArgumentException(phase + " is not final");
        }
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, retried, deviceStatus,
                failure, observing, commandCount, Optional.empty(), Optional.empty(), Optional.empty(), createdAt, now,
                updatedAt);
    }

    /** This update having issued {@code command}: the next sequence number, outstanding and not yet answered. */
    public DeviceUpdate withCommand(DeviceCommand command) {
        long sequence = commandCount + 1;
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, retried, deviceStatus,
                failure, observing, sequence, Optional.of(new Outstanding(command, sequence, Outstanding.Status.SENT)),
                deadline, Optional.empty(), createdAt, phaseSince, updatedAt);
    }

    /** This update with its outstanding command in {@code status}. */
    public DeviceUpdate withOutstandingStatus(Outstanding.Status status) {
        Outstanding command = outstanding.orElseThrow(() -> new IllegalStateException("no outstanding command"));
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, retried, deviceStatus,
                failure, observing, commandCount, Optional.of(command.withStatus(status)), deadline, nextCheck,
                createdAt, phaseSince, updatedAt);
    }

    /** This update with its outstanding command answered. */
    public DeviceUpdate withoutOutstanding() {
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, retried, deviceStatus,
                failure, observing, commandCount, Optional.empty(), deadline, nextCheck, createdAt, phaseSince,
                updatedAt);
    }

    /** This update with what the device last reported. */
    public DeviceUpdate withDeviceStatus(FirmwareUpdateStatus status) {
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, retried, Optional.of(status),
                failure, observing, commandCount, outstanding, deadline, nextCheck, createdAt, phaseSince, updatedAt);
    }

    /** This update with the plan chosen for the device. */
    public DeviceUpdate withPlan(DeliveryPlan plan) {
        return new DeviceUpdate(id, revision, endpoint, target, preference, Optional.of(plan), phase, retried,
                deviceStatus, failure, observing, commandCount, outstanding, deadline, nextCheck, createdAt,
                phaseSince, updatedAt);
    }

    /** This update with one more failed attempt behind it. */
    public DeviceUpdate withRetried(Failure failure) {
        List<Failure> failures = new ArrayList<>(retried);
        failures.add(failure);
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, failures, deviceStatus,
                this.failure, observing, commandCount, outstanding, deadline, nextCheck, createdAt, phaseSince,
                updatedAt);
    }

    /** This update observing State and Update Result, or polling them. */
    public DeviceUpdate withObserving(boolean observing) {
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, retried, deviceStatus,
                failure, observing, commandCount, outstanding, deadline, nextCheck, createdAt, phaseSince, updatedAt);
    }

    /** This update with the engine to act by itself at {@code time}. */
    public DeviceUpdate withNextCheck(Optional<Instant> time) {
        return new DeviceUpdate(id, revision, endpoint, target, preference, plan, phase, retried, deviceStatus,
                failure, observing, commandCount, outstanding, deadline, time, createdAt, phaseSince, updatedAt);
    }
}
