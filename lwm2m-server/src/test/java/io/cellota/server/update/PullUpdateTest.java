package io.cellota.server.update;

import static io.cellota.server.update.DeviceCommand.EXECUTE_UPDATE;
import static io.cellota.server.update.DeviceCommand.OBSERVE;
import static io.cellota.server.update.DeviceCommand.READ_FACTS;
import static io.cellota.server.update.DeviceCommand.READ_FIRMWARE_VERSION;
import static io.cellota.server.update.DeviceCommand.READ_STATUS;
import static io.cellota.server.update.DeviceCommand.RESET;
import static io.cellota.server.update.DeviceCommand.WRITE_PACKAGE_URI;
import static io.cellota.server.update.EngineFixture.facts;
import static io.cellota.server.update.EngineFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pull path (ETS int-771 from the server's side), command by command, with observation and with polling. */
class PullUpdateTest {

    private final EngineFixture given = EngineFixture.given();

    @Test
    void the_happy_pull_path_command_by_command() {
        DeviceUpdate submitted = given.submit();
        assertThat(submitted.phase()).isEqualTo(UpdatePhase.PREPARING);

        given.answer(READ_FACTS, CommandOutcome.facts(facts(ObjectVersion.V1_1, "IDLE/1", DeliveryMethod.BOTH,
                ProtocolSupport.COAP, ProtocolSupport.COAPS)));
        given.answer(RESET, CommandOutcome.changed());
        given.answer(OBSERVE, CommandOutcome.status(status("IDLE/0")));
        ScriptedGateway.Call write = given.gateway.expect(WRITE_PACKAGE_URI);
        assertThat(write.uri()).hasValue("coaps://files.cellota.test/p/pkg-2.0.0?ep=dev-1");
        assertThat(given.update().phase()).isEqualTo(UpdatePhase.TRANSFERRING);

        write.complete(CommandOutcome.changed());
        given.gateway.expectNothingPending();
        assertThat(given.update().phase()).isEqualTo(UpdatePhase.DOWNLOADING);

        given.notify("DOWNLOADING/0");
        given.notify("DOWNLOADED/0");
        assertThat(given.update().phase()).isEqualTo(UpdatePhase.INSTALLING);
        given.answer(EXECUTE_UPDATE, CommandOutcome.changed());
        assertThat(given.update().phase()).isEqualTo(UpdatePhase.CONFIRMING);

        given.notify("UPDATING/0");
        given.registered();
        given.answer(OBSERVE, CommandOutcome.status(status("IDLE/1")));
        given.answer(READ_FIRMWARE_VERSION, CommandOutcome.firmwareVersion("2.0.0"));

        DeviceUpdate done = given.update();
        assertThat(done.phase()).isEqualTo(UpdatePhase.SUCCEEDED);
        assertThat(done.failure()).isEmpty();
        assertThat(done.deviceStatus()).hasValue(status("IDLE/1"));
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.plan().orElseThrow().packageUri()).isEqualTo(write.uri());
        assertThat(given.gateway.commands()).containsExactly(READ_FACTS, RESET, OBSERVE, WRITE_PACKAGE_URI,
                EXECUTE_UPDATE, OBSERVE, READ_FIRMWARE_VERSION);
        assertThat(given.phases()).containsExactly(UpdatePhase.QUEUED, UpdatePhase.PREPARING, UpdatePhase.TRANSFERRING,
                UpdatePhase.DOWNLOADING, UpdatePhase.DOWNLOADED, UpdatePhase.INSTALLING, UpdatePhase.CONFIRMING,
                UpdatePhase.SUCCEEDED);
        assertThat(given.told).as("the listener hears every recorded transition")
                .containsExactlyElementsOf(given.store.history(given.id));
    }

    @Test
    void every_command_is_saved_as_outstanding_before_it_is_sent() {
        given.gateway.onSend(call -> assertThat(given.store.find(call.ref().updateId()).orElseThrow().outstanding())
                .as("saved before %s", call.command())
                .hasValue(new Outstanding(call.command(), call.ref().sequence(), Outstanding.Status.SENT)));

        given.installingUpdate();
        given.registered();
        given.answer(OBSERVE, CommandOutcome.status(status("IDLE/1")));
        given.answer(READ_FIRMWARE_VERSION, CommandOutcome.firmwareVersion("2.0.0"));

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.SUCCEEDED);
        assertThat(given.gateway.calls()).hasSize(6);
    }

    @Test
    void a_device_that_refuses_observe_is_polled() {
        given.submit();
        given.answer(READ_FACTS, CommandOutcome.facts(facts(ObjectVersion.V1_0, "IDLE/0", DeliveryMethod.PULL)));
        given.answer(OBSERVE, CommandOutcome.deviceError(ResponseCode.METHOD_NOT_ALLOWED));
        ScriptedGateway.Call write = given.gateway.expect(WRITE_PACKAGE_URI);
        assertThat(write.uri().orElseThrow()).as("no /5/0/8: CoAP").startsWith("coap://");
        write.complete(CommandOutcome.changed());
        assertThat(given.update().observing()).isFalse();
        assertThat(given.update().nextCheck()).hasValue(given.now().plus(Duration.ofMinutes(5)));

        given.advance(Duration.ofMinutes(4));
        given.gateway.expectNothingPending();
        given.advance(Duration.ofMinutes(1));
        given.answer(READ_STATUS, CommandOutcome.status(status("DOWNLOADING/0")));
        given.advance(Duration.ofMinutes(5));
        given.answer(READ_STATUS, CommandOutcome.status(status("DOWNLOADED/0")));
        given.answer(EXECUTE_UPDATE, CommandOutcome.changed());
        given.registered();
        given.answer(READ_STATUS, CommandOutcome.status(status("IDLE/1")));
        given.answer(READ_FIRMWARE_VERSION, CommandOutcome.firmwareVersion("2.0.0"));

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.SUCCEEDED);
        assertThat(given.store.history(given.id)).as("routine polls leave no history")
                .extracting(UpdateEvent::detail).doesNotContain("polling");
    }

    @Test
    void update_result_1_with_another_version_in_3_0_3_is_a_failure() {
        given.installingUpdate();
        given.registered();
        given.answer(OBSERVE, CommandOutcome.status(status("IDLE/1")));
        given.answer(READ_FIRMWARE_VERSION, CommandOutcome.firmwareVersion("1.9.0"));

        DeviceUpdate failed = given.update();
        assertThat(failed.phase()).isEqualTo(UpdatePhase.FAILED);
        Failure failure = failed.failure().orElseThrow();
        assertThat(failure).isInstanceOf(Failure.Engine.class);
        assertThat(((Failure.Engine) failure).reason()).isEqualTo(Failure.Reason.WRONG_VERSION);
        assertThat(failure.describe()).contains("\"1.9.0\"", "\"2.0.0\"");
    }

    @Test
    void a_device_left_with_a_failed_package_is_reset_before_the_transfer() {
        given.submit();
        given.answer(READ_FACTS, CommandOutcome.facts(facts(ObjectVersion.V1_0, "DOWNLOADED/8", DeliveryMethod.PULL)));

        given.answer(RESET, CommandOutcome.changed());
        given.answer(OBSERVE, CommandOutcome.status(status("IDLE/0")));
        given.gateway.expect(WRITE_PACKAGE_URI);
        assertThat(given.store.history(given.id)).anyMatch(e -> e.detail().contains("resetting the device from DOWNLOADED/8"));
    }

    @Test
    void a_device_already_idle_with_result_0_is_not_reset() {
        given.submit();
        given.answer(READ_FACTS, CommandOutcome.facts(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL)));

        given.gateway.expect(OBSERVE);
    }

    @Test
    void a_device_busy_installing_is_read_again_until_it_is_idle() {
        given.submit();
        given.answer(READ_FACTS, CommandOutcome.facts(facts(ObjectVersion.V1_1, "UPDATING/0", DeliveryMethod.PULL)));
        given.gateway.expectNothingPending();

        given.advance(Duration.ofMinutes(5));
        given.answer(READ_FACTS, CommandOutcome.facts(facts(ObjectVersion.V1_1, "IDLE/1", DeliveryMethod.PULL)));
        given.gateway.expect(RESET);
    }

    @Test
    void a_notification_that_overtakes_the_write_answer_is_followed_and_the_late_answer_ignored() {
        given.submit();
        given.prepare(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL, ProtocolSupport.COAP));
        ScriptedGateway.Call write = given.gateway.expect(WRITE_PACKAGE_URI);

        given.notify("DOWNLOADING/0");
        given.notify("DOWNLOADED/0");
        assertThat(given.gateway.pending()).extracting(ScriptedGateway.Call::command)
                .containsExactly(WRITE_PACKAGE_URI, EXECUTE_UPDATE);
        ScriptedGateway.Call execute = given.gateway.pending().get(1);
        write.complete(CommandOutcome.changed());

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.INSTALLING);
        assertThat(given.update().outstanding()).map(Outstanding::command).isEqualTo(Optional.of(EXECUTE_UPDATE));
        assertThat(given.gateway.isPending(execute)).isTrue();
    }
}
