package io.cellota.firmware.object5;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.Transition.Accepted;
import io.cellota.firmware.object5.Transition.Rejected;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random trigger sequences from the initial status, checked against the hand-written spec facts. */
class FirmwareUpdateStateMachinePropertyTest {

    @Property(tries = 2000)
    void any_trigger_sequence_keeps_the_device_in_a_status_the_spec_allows(@ForAll ObjectVersion version,
            @ForAll("triggerSequences") List<Trigger> triggers) {
        var machine = new FirmwareUpdateStateMachine(version);
        var allowed = Object5Spec.reachable(version);
        var status = FirmwareUpdateStatus.INITIAL;
        for (Trigger trigger : triggers) {
            var before = status;
            status = machine.apply(status, trigger).statusAfter(status);
            assertThat(allowed).as("%s: %s + %s", version, before, trigger).contains(status);
        }
    }

    @Property(tries = 2000)
    void entering_downloading_or_updating_always_resets_the_result_to_0(@ForAll ObjectVersion version,
            @ForAll("triggerSequences") List<Trigger> triggers) {
        var machine = new FirmwareUpdateStateMachine(version);
        var status = FirmwareUpdateStatus.INITIAL;
        for (Trigger trigger : triggers) {
            var next = machine.apply(status, trigger).statusAfter(status);
            if (next.state() != status.state()
                    && (next.state() == UpdateState.DOWNLOADING || next.state() == UpdateState.UPDATING)) {
                assertThat(next.result()).as("%s + %s", status, trigger).isEqualTo(UpdateResult.INITIAL);
            }
            status = next;
        }
    }

    @Property(tries = 2000)
    void only_a_v1_0_device_refuses_a_trigger_for_its_version_and_only_a_v1_1_trigger(
            @ForAll ObjectVersion version, @ForAll("triggerSequences") List<Trigger> triggers) {
        var machine = new FirmwareUpdateStateMachine(version);
        var status = FirmwareUpdateStatus.INITIAL;
        for (Trigger trigger : triggers) {
            var transition = machine.apply(status, trigger);
            boolean notSupported = transition instanceof Rejected rejected
                    && rejected.reason() == Rejection.NOT_SUPPORTED_IN_VERSION;
            assertThat(notSupported).as("%s + %s", status, trigger)
                    .isEqualTo(version == ObjectVersion.V1_0 && trigger.since() == ObjectVersion.V1_1);
            status = transition.statusAfter(status);
        }
    }

    @Property(tries = 2000)
    void a_device_that_installed_successfully_went_through_downloaded_and_updating(
            @ForAll ObjectVersion version, @ForAll("triggerSequences") List<Trigger> triggers) {
        var machine = new FirmwareUpdateStateMachine(version);
        var status = FirmwareUpdateStatus.INITIAL;
        for (Trigger trigger : triggers) {
            var transition = machine.apply(status, trigger);
            if (transition instanceof Accepted accepted && accepted.to().isSuccess()) {
                assertThat(status.state()).as("%s + %s", status, trigger).isEqualTo(UpdateState.UPDATING);
            }
            status = transition.statusAfter(status);
        }
    }

    @Provide
    Arbitrary<List<Trigger>> triggerSequences() {
        return Arbitraries.of(Object5Spec.allTriggers()).list().ofMaxSize(80);
    }
}
