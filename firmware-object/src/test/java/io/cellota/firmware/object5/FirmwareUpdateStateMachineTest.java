package io.cellota.firmware.object5;

import static io.cellota.firmware.object5.Object5Spec.status;
import static io.cellota.firmware.object5.ObservedDevice.givenDevice;
import static io.cellota.firmware.object5.ObjectVersion.V1_0;
import static io.cellota.firmware.object5.ObjectVersion.V1_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.object5.Transition.Rejected;
import io.cellota.firmware.object5.Trigger.CancelExecuted;
import io.cellota.firmware.object5.Trigger.DeferredUpdateStarted;
import io.cellota.firmware.object5.Trigger.DownloadCompleted;
import io.cellota.firmware.object5.Trigger.PackageReset;
import io.cellota.firmware.object5.Trigger.PackageUriWritten;
import io.cellota.firmware.object5.Trigger.PackageWriteStarted;
import io.cellota.firmware.object5.Trigger.UpdateDeferred;
import io.cellota.firmware.object5.Trigger.UpdateExecuted;
import io.cellota.firmware.object5.Trigger.UpdateFailed;
import io.cellota.firmware.object5.Trigger.UpdateSucceeded;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FirmwareUpdateStateMachineTest {

    private static final FirmwareUpdateStateMachine V1_0_MACHINE = new FirmwareUpdateStateMachine(V1_0);
    private static final FirmwareUpdateStateMachine V1_1_MACHINE = new FirmwareUpdateStateMachine(V1_1);

    @Test
    void a_v1_1_device_can_cancel_a_download_in_progress() {
        var device = givenDevice(V1_1, FirmwareUpdateStatus.INITIAL)
                .accepts(new PackageWriteStarted(), new CancelExecuted());

        assertThat(device.status()).isEqualTo(status("IDLE/10"));
        assertThat(device.status().isSuccess()).isFalse();
        assertThat(device.status().failure()).as("a cancel is not a failure").isEmpty();
    }

    @Test
    void a_v1_1_device_can_cancel_a_downloaded_package_but_not_an_update_in_progress() {
        var device = givenDevice(V1_1, status("DOWNLOADED/0"))
                .accepts(new UpdateExecuted())
                .rejects(new CancelExecuted(), Rejection.METHOD_NOT_ALLOWED);
        assertThat(device.status()).isEqualTo(status("UPDATING/0"));

        assertThat(givenDevice(V1_1, status("DOWNLOADED/8")).accepts(new CancelExecuted()).status())
                .isEqualTo(status("IDLE/10"));
    }

    @Test
    void a_v1_1_deferral_keeps_downloaded_with_11_until_the_user_accepts() {
        var device = givenDevice(V1_1, status("DOWNLOADED/0")).accepts(new UpdateDeferred());
        assertThat(device.status()).isEqualTo(status("DOWNLOADED/11"));

        device.accepts(new DeferredUpdateStarted(), new UpdateSucceeded());

        assertThat(device.observed()).containsExactly(status("DOWNLOADED/0"), status("DOWNLOADED/11"),
                status("UPDATING/0"), status("IDLE/1"));
    }

    @Test
    void a_deferred_update_can_be_cancelled_or_executed_again_by_the_server() {
        assertThat(givenDevice(V1_1, status("DOWNLOADED/11")).accepts(new CancelExecuted()).status())
                .isEqualTo(status("IDLE/10"));
        assertThat(givenDevice(V1_1, status("DOWNLOADED/11")).accepts(new UpdateExecuted()).status())
                .isEqualTo(status("UPDATING/0"));
    }

    @Test
    void a_deferred_update_cannot_start_without_a_deferral() {
        givenDevice(V1_1, status("DOWNLOADED/0")).rejects(new DeferredUpdateStarted(), Rejection.ILLEGAL_EVENT);
        givenDevice(V1_1, status("DOWNLOADED/8")).rejects(new DeferredUpdateStarted(), Rejection.ILLEGAL_EVENT);
    }

    @Test
    void an_integrity_failure_while_updating_sends_v1_1_to_idle_and_v1_0_back_to_downloaded() {
        Trigger failure = new UpdateFailed(UpdateResult.INTEGRITY_CHECK_FAILURE);

        assertThat(givenDevice(V1_1, status("UPDATING/0")).accepts(failure).status()).isEqualTo(status("IDLE/5"));
        assertThat(givenDevice(V1_0, status("UPDATING/0")).accepts(failure).status())
                .isEqualTo(status("DOWNLOADED/5"));
    }

    @ParameterizedTest
    @EnumSource(value = Rejection.class, names = "NOT_SUPPORTED_IN_VERSION")
    void a_v1_0_device_refuses_cancel_and_deferral_in_every_state(Rejection expected) {
        for (UpdateState state : UpdateState.values()) {
            var from = new FirmwareUpdateStatus(state, UpdateResult.INITIAL);
            for (Trigger trigger : new Trigger[] {new CancelExecuted(), new UpdateDeferred(),
                new DeferredUpdateStarted()}) {
                var rejected = (Rejected) V1_0_MACHINE.apply(from, trigger);
                assertThat(rejected.reason()).isEqualTo(expected);
                assertThat(rejected.message()).contains("1.1", "1.0");
            }
        }
    }

    @Test
    void a_package_uri_of_255_bytes_is_accepted_and_256_is_a_bad_request() {
        String prefix = "coap://f.example/";
        String uri255 = prefix + "a".repeat(255 - prefix.length());

        assertThat(V1_1_MACHINE.apply(FirmwareUpdateStatus.INITIAL, new PackageUriWritten(uri255)))
                .isEqualTo(new Transition.Accepted(status("DOWNLOADING/0")));
        var rejected = (Rejected) V1_1_MACHINE.apply(FirmwareUpdateStatus.INITIAL, new PackageUriWritten(uri255 + "a"));
        assertThat(rejected.reason()).isEqualTo(Rejection.BAD_REQUEST);
        assertThat(rejected.message()).contains("256");
    }

    @Test
    void the_package_uri_range_counts_utf_8_bytes_not_characters() {
        String uri = "coap://f.example/" + "\u00e9".repeat(120);

        var rejected = (Rejected) V1_1_MACHINE.apply(FirmwareUpdateStatus.INITIAL, new PackageUriWritten(uri));

        assertThat(uri.length()).isLessThan(255);
        assertThat(rejected.reason()).isEqualTo(Rejection.BAD_REQUEST);
    }

    @ParameterizedTest
    @EnumSource(ObjectVersion.class)
    void a_reset_while_updating_is_refused_and_keeps_the_update_running(ObjectVersion version) {
        var device = givenDevice(version, status("UPDATING/0"))
                .rejects(Trigger.ofPackageWrite(new byte[] {0}), Rejection.BAD_REQUEST)
                .rejects(Trigger.ofPackageUriWrite(""), Rejection.BAD_REQUEST);

        assertThat(device.observed()).containsExactly(status("UPDATING/0"));
    }

    @ParameterizedTest
    @EnumSource(ObjectVersion.class)
    void a_reset_clears_a_previous_result_and_a_downloaded_package(ObjectVersion version) {
        for (String before : new String[] {"IDLE/1", "IDLE/4", "DOWNLOADING/0", "DOWNLOADED/0", "DOWNLOADED/8"}) {
            assertThat(givenDevice(version, status(before)).accepts(new PackageReset()).status())
                    .as("reset from %s", before).isEqualTo(FirmwareUpdateStatus.INITIAL);
        }
    }

    @Test
    void a_rejection_names_the_state_and_the_ets_case() {
        var rejected = (Rejected) V1_1_MACHINE.apply(FirmwareUpdateStatus.INITIAL, new UpdateExecuted());

        assertThat(rejected.message()).contains("IDLE", "DOWNLOADED", "772");
    }

    @Test
    void a_device_outcome_out_of_place_is_an_illegal_event() {
        var rejected = (Rejected) V1_1_MACHINE.apply(FirmwareUpdateStatus.INITIAL, new DownloadCompleted());

        assertThat(rejected.reason()).isEqualTo(Rejection.ILLEGAL_EVENT);
        assertThat(rejected.message()).contains("DownloadCompleted", "IDLE");
    }

    @ParameterizedTest
    @EnumSource(ObjectVersion.class)
    void reachability_matches_the_hand_written_pairs(ObjectVersion version) {
        var machine = new FirmwareUpdateStateMachine(version);
        for (UpdateState state : UpdateState.values()) {
            for (UpdateResult result : UpdateResult.values()) {
                var status = new FirmwareUpdateStatus(state, result);
                assertThat(machine.isReachable(status)).as("%s %s", version, status)
                        .isEqualTo(Object5Spec.reachable(version).contains(status));
            }
        }
    }

    /** Only a deferred start looks at the Update Result, so unreachable pairs behave like their State. */
    @ParameterizedTest
    @EnumSource(ObjectVersion.class)
    void decisions_depend_on_the_state_alone_except_for_a_deferred_start(ObjectVersion version) {
        var machine = new FirmwareUpdateStateMachine(version);
        for (UpdateState state : UpdateState.values()) {
            for (Trigger trigger : Object5Spec.allTriggers()) {
                if (trigger instanceof DeferredUpdateStarted) {
                    continue;
                }
                var reference = machine.apply(new FirmwareUpdateStatus(state, UpdateResult.INITIAL), trigger);
                Arrays.stream(UpdateResult.values()).forEach(result -> assertThat(
                        kind(machine.apply(new FirmwareUpdateStatus(state, result), trigger)))
                        .as("%s %s/%s + %s", version, state, result, trigger).isEqualTo(kind(reference)));
            }
        }
    }

    @Test
    void the_machine_knows_its_version_and_refuses_nulls() {
        assertThat(V1_0_MACHINE.version()).isEqualTo(V1_0);
        assertThatThrownBy(() -> new FirmwareUpdateStateMachine(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> V1_1_MACHINE.apply(null, new PackageReset()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> V1_1_MACHINE.apply(FirmwareUpdateStatus.INITIAL, null))
                .isInstanceOf(NullPointerException.class);
    }

    private static Object kind(Transition transition) {
        return transition instanceof Rejected rejected ? rejected.reason() : transition;
    }
}
