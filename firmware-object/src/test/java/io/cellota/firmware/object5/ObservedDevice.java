package io.cellota.firmware.object5;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.Transition.Accepted;
import io.cellota.firmware.object5.Transition.Rejected;
import java.util.ArrayList;
import java.util.List;

/**
 * A device reduced to its Object 5 status, driven by triggers through the state machine, recording
 * what an observing server would see: the initial status and every change of it.
 */
final class ObservedDevice {

    private final FirmwareUpdateStateMachine machine;
    private final List<FirmwareUpdateStatus> observed = new ArrayList<>();
    private FirmwareUpdateStatus status;

    private ObservedDevice(ObjectVersion version, FirmwareUpdateStatus initial) {
        this.machine = new FirmwareUpdateStateMachine(version);
        this.status = initial;
        observed.add(initial);
    }

    /** A device of {@code version} that starts at {@code initial}. */
    static ObservedDevice givenDevice(ObjectVersion version, FirmwareUpdateStatus initial) {
        return new ObservedDevice(version, initial);
    }

    /** Applies triggers that must all be accepted (the device answers 2.04 or 2.31 to operations). */
    ObservedDevice accepts(Trigger... triggers) {
        for (Trigger trigger : triggers) {
            Transition transition = machine.apply(status, trigger);
            assertThat(transition).as("%s in %s", trigger, status).isInstanceOf(Accepted.class);
            move(transition);
        }
        return this;
    }

    /** Applies a trigger that must be rejected for {@code reason}, leaving the status unchanged. */
    ObservedDevice rejects(Trigger trigger, Rejection reason) {
        Transition transition = machine.apply(status, trigger);
        assertThat(transition).as("%s in %s", trigger, status).isInstanceOf(Rejected.class);
        assertThat(((Rejected) transition).reason()).isEqualTo(reason);
        move(transition);
        return this;
    }

    /** A bookmark into the observations, to check one ETS step with {@link #observedSince}. */
    int mark() {
        return observed.size();
    }

    /** The statuses observed after {@code mark}. */
    List<FirmwareUpdateStatus> observedSince(int mark) {
        return List.copyOf(observed.subList(mark, observed.size()));
    }

    /** Every status observed, the initial one first. */
    List<FirmwareUpdateStatus> observed() {
        return List.copyOf(observed);
    }

    /** The States observed after {@code mark}, in order. */
    List<UpdateState> statesSince(int mark) {
        return observedSince(mark).stream().map(FirmwareUpdateStatus::state).toList();
    }

    /** The Update Results observed after {@code mark}, in order. */
    List<UpdateResult> resultsSince(int mark) {
        return observedSince(mark).stream().map(FirmwareUpdateStatus::result).toList();
    }

    /** The current status. */
    FirmwareUpdateStatus status() {
        return status;
    }

    private void move(Transition transition) {
        FirmwareUpdateStatus next = transition.statusAfter(status);
        if (!next.equals(status)) {
            observed.add(next);
        }
        status = next;
    }
}
