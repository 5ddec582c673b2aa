package io.cellota.server.update;

import static io.cellota.server.update.DeviceCommand.EXECUTE_UPDATE;
import static io.cellota.server.update.DeviceCommand.OBSERVE;
import static io.cellota.server.update.DeviceCommand.READ_FACTS;
import static io.cellota.server.update.DeviceCommand.READ_STATUS;
import static io.cellota.server.update.DeviceCommand.WRITE_PACKAGE_URI;
import static io.cellota.server.update.EngineFixture.facts;
import static io.cellota.server.update.EngineFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.ObjectVersion;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every phase has a deadline (default policy); a sleeping device waits, without failing, until it
 * passes; a device without a registration fails as gone.
 */
class DeadlineTest {

    private static final Duration TRANSFER = Duration.ofSeconds(2_024);

    private final EngineFixture given = EngineFixture.given();

    static Stream<Arguments> phases() {
        Consumer<EngineFixture> preparing = EngineFixture::submit;
        Consumer<EngineFixture> transferring = f -> {
            f.submit();
            f.prepare(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL));
        };
        Consumer<EngineFixture> installing = f -> {
            f.pullingUpdate();
            f.notify("DOWNLOADED/0");
        };
        return Stream.of(
                Arguments.of(UpdatePhase.PREPARING, preparing, Duration.ofHours(24)),
                Arguments.of(UpdatePhase.TRANSFERRING, transferring, Duration.ofHours(24).plus(TRANSFER)),
                Arguments.of(UpdatePhase.DOWNLOADING, (Consumer<EngineFixture>) EngineFixture::pullingUpdate,
                        Duration.ofHours(2).plus(TRANSFER)),
                Arguments.of(UpdatePhase.INSTALLING, installing, Duration.ofHours(24)),
                Arguments.of(UpdatePhase.CONFIRMING, (Consumer<EngineFixture>) EngineFixture::installingUpdate,
                        Duration.ofHours(2)));
    }

    @ParameterizedTest(name = "{0} lasts at most {2}")
    @MethodSource("phases")
    void a_phase_that_outlives_its_deadline_fails(UpdatePhase phase, Consumer<EngineFixture> reach, Duration allowed) {
        reach.accept(given);
        assertThat(given.update().phase()).isEqualTo(phase);

        given.advance(allowed.minusSeconds(1));
        assertThat(given.update().phase()).isEqualTo(phase);
        given.advance(Duration.ofSeconds(1));

        Failure failure = given.update().failure().orElseThrow();
        assertThat(given.update().phase()).isEqualTo(UpdatePhase.FAILED);
        assertThat(((Failure.Engine) failure).reason()).isEqualTo(Failure.Reason.DEADLINE);
        assertThat(failure.describe()).startsWith("DEADLINE: " + phase + " did not finish by");
    }

    @Test
    void a_sleeping_device_gets_its_next_step_when_it_wakes() {
        given.submit();
        ScriptedGateway.Call read = given.gateway.expect(READ_FACTS);
        read.complete(CommandOutcome.held());
        assertThat(given.update().outstanding().orElseThrow().status()).isEqualTo(Outstanding.Status.HELD);
        assertThat(given.store.history(given.id)).last().extracting(UpdateEvent::detail)
                .isEqualTo("the device sleeps: Read /5/0 is held until it wakes");

        given.advance(Duration.ofHours(23));
        assertThat(given.update().phase()).as("asleep is waiting, not failed").isEqualTo(UpdatePhase.PREPARING);
        given.engine().onAwake(EngineFixture.ENDPOINT, given.now());
        given.engine().onCommandOutcome(read.ref(), CommandOutcome.facts(facts(ObjectVersion.V1_1, "IDLE/0",
                DeliveryMethod.PULL)), given.now());

        given.gateway.expect(OBSERVE);
    }

    @Test
    void a_device_that_sleeps_past_the_deadline_fails_saying_it_slept_and_its_held_execute_expires() {
        given.pullingUpdate();
        given.notify("DOWNLOADED/0");
        ScriptedGateway.Call execute = given.gateway.expect(EXECUTE_UPDATE);
        execute.complete(CommandOutcome.held());
        assertThat(execute.ref().notAfter()).as("the gateway must not send it once the engine gave up")
                .isEqualTo(given.update().deadline().orElseThrow());

        given.advance(Duration.ofHours(24));

        assertThat(given.update().failure().orElseThrow().describe())
                .startsWith("DEADLINE: INSTALLING did not finish by").endsWith("Execute /5/0/2 held for the sleeping device");
    }

    @Test
    void a_device_without_a_registration_is_read_when_it_comes_back() {
        given.submit();
        given.answer(READ_FACTS, CommandOutcome.notRegistered());
        given.gateway.expectNothingPending();

        given.registered();

        given.gateway.expect(READ_FACTS);
    }

    @Test
    void a_device_that_never_registers_again_fails_as_gone() {
        given.submit();
        given.prepare(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL));
        given.answer(WRITE_PACKAGE_URI, CommandOutcome.notRegistered());

        given.advance(Duration.ofHours(25));

        Failure failure = given.update().failure().orElseThrow();
        assertThat(((Failure.Engine) failure).reason()).isEqualTo(Failure.Reason.DEVICE_GONE);
        assertThat(failure.describe()).endsWith("Write /5/0/1 waiting for a registration");
    }

    @Test
    void an_uplink_brings_a_waiting_poll_forward() {
        given.submit();
        given.answer(READ_FACTS, CommandOutcome.facts(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL)));
        given.answer(OBSERVE, CommandOutcome.deviceError(ResponseCode.NOT_FOUND));
        given.answer(WRITE_PACKAGE_URI, CommandOutcome.changed());
        given.clock.advance(Duration.ofMinutes(1));

        given.engine().onAwake(EngineFixture.ENDPOINT, given.now());

        given.answer(READ_STATUS, CommandOutcome.status(status("DOWNLOADED/0")));
        given.gateway.expect(EXECUTE_UPDATE);
    }

    @Test
    void an_unanswered_read_is_not_sent_again_at_once_but_at_the_next_uplink_or_after_a_while() {
        given.pullingUpdate();
        given.notify("DOWNLOADED/0");
        given.answer(EXECUTE_UPDATE, CommandOutcome.timedOut());
        given.answer(OBSERVE, CommandOutcome.timedOut());

        given.gateway.expectNothingPending();
        given.advance(Duration.ofSeconds(29));
        given.gateway.expectNothingPending();
        given.advance(Duration.ofSeconds(1));
        given.answer(OBSERVE, CommandOutcome.timedOut());
        given.gateway.expectNothingPending();
        given.engine().onAwake(EngineFixture.ENDPOINT, given.now());
        given.answer(OBSERVE, CommandOutcome.status(status("UPDATING/0")));

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.CONFIRMING);
        assertThat(given.gateway.commands()).as("the plan's observe, then one per try").filteredOn(c -> c == OBSERVE)
                .hasSize(4);
    }

    @Test
    void an_unanswered_command_is_followed_by_a_read_not_a_failure() {
        given.pullingUpdate();
        given.notify("DOWNLOADED/0");
        given.answer(EXECUTE_UPDATE, CommandOutcome.timedOut());

        given.answer(OBSERVE, CommandOutcome.status(status("UPDATING/0")));

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.CONFIRMING);
        assertThat(given.gateway.commands()).filteredOn(c -> c == EXECUTE_UPDATE).hasSize(1);
    }
}
