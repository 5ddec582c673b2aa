package io.cellota.server.update;

import static io.cellota.server.update.DeviceCommand.EXECUTE_UPDATE;
import static io.cellota.server.update.DeviceCommand.OBSERVE;
import static io.cellota.server.update.DeviceCommand.PUSH_PACKAGE;
import static io.cellota.server.update.DeviceCommand.READ_FACTS;
import static io.cellota.server.update.DeviceCommand.READ_FIRMWARE_VERSION;
import static io.cellota.server.update.EngineFixture.facts;
import static io.cellota.server.update.EngineFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.ObjectVersion;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The push path (ETS int-770 from the server's side), with a transfer timeout sized to the image and the link. */
class PushUpdateTest {

    private final EngineFixture given = EngineFixture.given();

    @Test
    void the_push_path_command_by_command() {
        given.submit();
        given.prepare(facts(ObjectVersion.V1_0, "IDLE/0", DeliveryMethod.PUSH));
        ScriptedGateway.Call push = given.gateway.expect(PUSH_PACKAGE);
        assertThat(given.update().plan()).hasValue(DeliveryPlan.push(ObjectVersion.V1_0));

        push.complete(CommandOutcome.changed());
        assertThat(given.update().phase()).isEqualTo(UpdatePhase.DOWNLOADING);
        given.notify("DOWNLOADED/0");
        given.answer(EXECUTE_UPDATE, CommandOutcome.changed());
        given.registered();
        given.answer(OBSERVE, CommandOutcome.status(status("IDLE/1")));
        given.answer(READ_FIRMWARE_VERSION, CommandOutcome.firmwareVersion("2.0.0"));

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.SUCCEEDED);
        assertThat(given.gateway.commands()).containsExactly(READ_FACTS, OBSERVE, PUSH_PACKAGE, EXECUTE_UPDATE, OBSERVE,
                READ_FIRMWARE_VERSION);
    }

    @Test
    void the_push_timeout_is_sized_to_the_image_and_the_link_not_fixed() {
        // 200,000 bytes over 512-byte blocks at 2 s each and 1,000 B/s:
        // 391 blocks × 2 s + 200 s = 982 s nominal; 60 s + 2 × 982 s = 2,024 s.
        given.submit();
        given.prepare(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PUSH));
        assertThat(given.gateway.expect(PUSH_PACKAGE).timeout()).hasValue(Duration.ofSeconds(2_024));

        LinkEstimate fast = new LinkEstimate(1024, Duration.ofMillis(100), 50_000);
        assertThat(given.policy().transferTimeout(200_000, fast))
                .as("196 × 0.1 s + 4 s = 23.6 s nominal; 60 s + 47.2 s").isEqualTo(Duration.ofMillis(107_200));
        assertThat(given.policy().transferTimeout(2_000_000, fast))
                .as("1,954 × 0.1 s + 40 s = 235.4 s nominal; 60 s + 470.8 s").isEqualTo(Duration.ofMillis(530_800));
    }

    @Test
    void the_transferring_and_downloading_deadlines_include_the_transfer_timeout() {
        given.submit();
        given.prepare(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PUSH));

        assertThat(given.update().deadline())
                .hasValue(given.now().plus(Duration.ofHours(24)).plus(Duration.ofSeconds(2_024)));
    }

    @Test
    void a_push_that_times_out_midway_is_read_and_retried_after_the_backoff() {
        given.submit();
        given.prepare(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PUSH));
        given.answer(PUSH_PACKAGE, CommandOutcome.timedOut());

        given.answer(OBSERVE, CommandOutcome.status(status("DOWNLOADING/0")));

        DeviceUpdate queued = given.update();
        assertThat(queued.phase()).isEqualTo(UpdatePhase.QUEUED);
        assertThat(queued.attempt()).isEqualTo(2);
        assertThat(queued.retried()).singleElement().satisfies(f -> assertThat(f.describe()).startsWith("PACKAGE_LOST"));
        assertThat(queued.nextCheck()).hasValue(given.now().plusSeconds(30));

        given.advance(Duration.ofSeconds(30));
        given.answer(READ_FACTS, CommandOutcome.facts(facts(ObjectVersion.V1_1, "DOWNLOADING/0", DeliveryMethod.PUSH)));
        given.gateway.expect(DeviceCommand.RESET);
    }

    @Test
    void a_push_the_device_never_received_is_pushed_again_in_the_same_attempt() {
        given.submit();
        given.prepare(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PUSH));
        given.answer(PUSH_PACKAGE, CommandOutcome.timedOut());

        given.answer(OBSERVE, CommandOutcome.status(status("IDLE/0")));

        given.gateway.expect(PUSH_PACKAGE);
        assertThat(given.update().attempt()).isEqualTo(1);
    }
}
