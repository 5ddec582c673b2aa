package io.cellota.server.update;

import static io.cellota.server.update.DeviceCommand.OBSERVE;
import static io.cellota.server.update.DeviceCommand.READ_FACTS;
import static io.cellota.server.update.EngineFixture.facts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.ObjectVersion;
import org.junit.jupiter.api.Test;

/** One active update per device, and two writers that never overwrite each other. */
class ConcurrencyTest {

    private final EngineFixture given = EngineFixture.given();

    @Test
    void a_second_update_for_the_same_device_is_refused_with_a_clear_reason() {
        DeviceUpdate first = given.submit();
        int sent = given.gateway.calls().size();

        assertThatThrownBy(() -> given.submit())
                .isInstanceOfSatisfying(UpdateRefusedException.class, e -> {
                    assertThat(e.reason()).isEqualTo(UpdateRefusedException.Reason.DEVICE_BUSY);
                    assertThat(e.getMessage()).isEqualTo("device dev-1 already has update " + first.id() + " in PREPARING");
                });
        assertThat(given.gateway.calls()).hasSize(sent);
        assertThat(given.store.listActive()).hasSize(1);
    }

    @Test
    void a_stale_writer_loses_the_compare_and_set_and_sends_nothing() {
        given.submit();
        ScriptedGateway.Call firstRead = given.gateway.expect(READ_FACTS);
        UpdateEngine other = given.newEngine();
        other.recover(given.now());
        ScriptedGateway.Call otherRead = given.gateway.pending().get(1);
        long revision = given.update().revision();

        firstRead.complete(CommandOutcome.facts(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL)));

        assertThat(given.update().revision()).as("the stale engine saved nothing").isEqualTo(revision);
        assertThat(given.gateway.pending()).containsExactly(otherRead);
        otherRead.complete(CommandOutcome.facts(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL)));
        given.gateway.expect(OBSERVE);
    }

    @Test
    void a_cancel_from_a_stale_copy_is_refused_as_a_conflict_and_then_works() {
        given.submit();
        UpdateEngine stale = given.engine();
        UpdateEngine other = given.newEngine();
        other.recover(given.now());

        assertThatThrownBy(() -> stale.cancel(given.id, given.now())).isInstanceOf(UpdateConflictException.class);
        assertThat(stale.cancel(given.id, given.now()).phase()).isEqualTo(UpdatePhase.CANCELLING);
    }
}
