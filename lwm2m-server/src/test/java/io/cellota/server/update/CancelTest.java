package io.cellota.server.update;

import static io.cellota.server.update.DeviceCommand.EXECUTE_CANCEL;
import static io.cellota.server.update.DeviceCommand.OBSERVE;
import static io.cellota.server.update.DeviceCommand.READ_FACTS;
import static io.cellota.server.update.DeviceCommand.RESET;
import static io.cellota.server.update.DeviceCommand.WRITE_PACKAGE_URI;
import static io.cellota.server.update.EngineFixture.facts;
import static io.cellota.server.update.EngineFixture.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.ObjectVersion;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Cancel in each phase: nothing to undo, Cancel {@code /5/0/10} on object 5 v1.1, an empty Package
 * URI on v1.0 (or before the version is known), refused once the device was told to install.
 */
class CancelTest {

    private final EngineFixture given = EngineFixture.given();

    @Test
    void cancel_while_preparing_resets_the_device_and_ignores_the_late_read() {
        given.submit();
        ScriptedGateway.Call read = given.gateway.expect(READ_FACTS);

        assertThat(given.engine().cancel(given.id, given.now()).phase()).isEqualTo(UpdatePhase.CANCELLING);
        read.complete(CommandOutcome.facts(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL)));
        given.answer(RESET, CommandOutcome.changed());

        assertCancelled();
    }

    @Test
    void cancel_while_transferring_to_a_v1_1_device_executes_cancel() {
        given.submit();
        given.prepare(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL));
        ScriptedGateway.Call write = given.gateway.expect(WRITE_PACKAGE_URI);

        given.engine().cancel(given.id, given.now());
        write.complete(CommandOutcome.changed());
        given.answer(EXECUTE_CANCEL, CommandOutcome.changed());

        assertCancelled();
    }

    @Test
    void cancel_while_downloading_to_a_v1_0_device_writes_an_empty_uri() {
        given.submit();
        given.prepare(facts(ObjectVersion.V1_0, "IDLE/0", DeliveryMethod.PULL));
        given.answer(WRITE_PACKAGE_URI, CommandOutcome.changed());

        given.engine().cancel(given.id, given.now());
        given.answer(RESET, CommandOutcome.changed());

        assertCancelled();
    }

    @Test
    void cancel_between_attempts_with_the_device_idle_sends_nothing() {
        given.pullingUpdate();
        given.reportFailure("IDLE/4");
        int sent = given.gateway.calls().size();

        given.engine().cancel(given.id, given.now());

        assertCancelled();
        assertThat(given.gateway.calls()).hasSize(sent);
        given.advance(Duration.ofMinutes(1));
        assertThat(given.gateway.calls()).as("the retry does not start").hasSize(sent);
    }

    @Test
    void cancel_is_refused_once_the_device_was_told_to_install() {
        given.pullingUpdate();
        given.notify("DOWNLOADED/0");
        assertRefused(UpdateRefusedException.Reason.INSTALLING);

        given.answer(DeviceCommand.EXECUTE_UPDATE, CommandOutcome.changed());
        assertThat(given.update().phase()).isEqualTo(UpdatePhase.CONFIRMING);
        assertRefused(UpdateRefusedException.Reason.INSTALLING);
    }

    @Test
    void cancel_is_refused_for_a_finished_or_unknown_update() {
        given.pullingUpdate();
        given.reportFailure("IDLE/2");

        assertRefused(UpdateRefusedException.Reason.FINISHED);
        assertThatThrownBy(() -> given.engine().cancel(new UpdateId("nope"), given.now()))
                .isInstanceOfSatisfying(UpdateRefusedException.class,
                        e -> assertThat(e.reason()).isEqualTo(UpdateRefusedException.Reason.NOT_FOUND));
    }

    @Test
    void cancelling_twice_sends_one_cancel() {
        given.pullingUpdate();

        given.engine().cancel(given.id, given.now());
        given.engine().cancel(given.id, given.now());

        given.gateway.expect(EXECUTE_CANCEL);
    }

    @Test
    void a_cancel_refused_as_not_allowed_is_checked_by_a_read() {
        given.pullingUpdate();
        given.engine().cancel(given.id, given.now());

        given.answer(EXECUTE_CANCEL, CommandOutcome.deviceError(ResponseCode.METHOD_NOT_ALLOWED));
        given.answer(OBSERVE, CommandOutcome.status(status("IDLE/0")));

        assertCancelled();
    }

    @Test
    void a_device_without_the_cancel_resource_is_reset_instead() {
        given.pullingUpdate();
        given.engine().cancel(given.id, given.now());

        given.answer(EXECUTE_CANCEL, CommandOutcome.deviceError(ResponseCode.NOT_FOUND));
        given.answer(RESET, CommandOutcome.changed());

        assertCancelled();
    }

    @Test
    void a_device_already_updating_cannot_be_cancelled_and_the_update_goes_on() {
        given.pullingUpdate();
        given.engine().cancel(given.id, given.now());

        given.answer(EXECUTE_CANCEL, CommandOutcome.deviceError(ResponseCode.METHOD_NOT_ALLOWED));
        given.answer(OBSERVE, CommandOutcome.status(status("UPDATING/0")));

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.CONFIRMING);
        assertThat(given.store.history(given.id)).last().extracting(UpdateEvent::detail)
                .isEqualTo("the device reports UPDATING/0: too late to cancel, the update goes on");
    }

    @Test
    void a_cancel_the_device_never_confirms_ends_cancelled_at_the_deadline_saying_so() {
        given.pullingUpdate();
        given.engine().cancel(given.id, given.now());
        given.gateway.expect(EXECUTE_CANCEL).complete(CommandOutcome.held());

        given.advance(Duration.ofHours(24));

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.CANCELLED);
        assertThat(given.update().failure().orElseThrow().describe()).contains("may still hold the package");
    }

    @Test
    void a_cancelled_device_can_be_updated_again() {
        given.pullingUpdate();
        given.engine().cancel(given.id, given.now());
        given.answer(EXECUTE_CANCEL, CommandOutcome.changed());

        assertThat(given.submit().phase()).isEqualTo(UpdatePhase.PREPARING);
    }

    private void assertCancelled() {
        DeviceUpdate cancelled = given.update();
        assertThat(cancelled.phase()).isEqualTo(UpdatePhase.CANCELLED);
        assertThat(cancelled.failure()).hasValueSatisfying(f -> assertThat(((Failure.Engine) f).reason())
                .isEqualTo(Failure.Reason.CANCELLED));
        assertThat(cancelled.outstanding()).isEmpty();
        given.gateway.expectNothingPending();
    }

    private void assertRefused(UpdateRefusedException.Reason reason) {
        assertThatThrownBy(() -> given.engine().cancel(given.id, given.now()))
                .isInstanceOfSatisfying(UpdateRefusedException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
