package io.cellota.server.update;

import static io.cellota.server.update.DeviceCommand.READ_FACTS;
import static io.cellota.server.update.DeviceCommand.WRITE_PACKAGE_URI;
import static io.cellota.server.update.EngineFixture.facts;
import static io.cellota.server.update.EngineFixture.status;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.DeliveryMethod;
import io.cellota.firmware.object5.ObjectVersion;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.UpdateResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Update Results 2 to 10 (OMA-SUP-XML_5-V1_1 resource 5) under the default policy: 3, 4 and 5 are
 * retried, the others fail with the device's own reason and its meaning.
 */
class UpdateResultTest {

    private final EngineFixture given = EngineFixture.given();

    @ParameterizedTest(name = "{0} while downloading: {1}")
    @CsvSource({
        "IDLE/2,  FAILED, Not enough flash memory for the new firmware package",
        "IDLE/3,  QUEUED, Out of RAM during downloading process",
        "IDLE/4,  QUEUED, Connection lost during downloading process",
        "IDLE/5,  QUEUED, Integrity check failure for new downloaded package",
        "IDLE/6,  FAILED, Unsupported package type",
        "IDLE/7,  FAILED, Invalid URI",
        "IDLE/9,  FAILED, Unsupported protocol",
        "IDLE/10, FAILED, Firmware update cancelled",
    })
    void a_failed_download_is_retried_or_fails_with_the_devices_reason(String reported, UpdatePhase expected,
            String meaning) {
        given.pullingUpdate();

        given.reportFailure(reported);

        assertResult(reported, expected, meaning);
    }

    @ParameterizedTest(name = "{0} after Execute: {1}")
    @CsvSource({
        "DOWNLOADED/8, FAILED, Firmware update failed",
        "IDLE/5,       QUEUED, Integrity check failure for new downloaded package",
    })
    void a_failed_installation_is_retried_or_fails_with_the_devices_reason(String reported, UpdatePhase expected,
            String meaning) {
        given.installingUpdate();
        given.notify("UPDATING/0");

        given.reportFailure(reported);

        assertResult(reported, expected, meaning);
    }

    @Test
    void a_notification_pairing_a_new_state_with_the_previous_attempts_result_is_read_before_anything_fails() {
        given.pullingUpdate();

        given.notify("DOWNLOADING/4");
        given.answer(DeviceCommand.OBSERVE, CommandOutcome.status(status("DOWNLOADING/0")));

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.DOWNLOADING);
        assertThat(given.update().retried()).isEmpty();
        assertThat(given.update().deviceStatus()).hasValue(status("DOWNLOADING/0"));
    }

    @Test
    void a_retry_starts_over_from_preparing_after_the_backoff_with_a_new_uri() {
        given.pullingUpdate();
        given.reportFailure("IDLE/4");
        given.gateway.expectNothingPending();

        given.advance(Duration.ofSeconds(29));
        given.gateway.expectNothingPending();
        given.advance(Duration.ofSeconds(1));
        assertThat(given.update().phase()).isEqualTo(UpdatePhase.PREPARING);
        given.prepare(facts(ObjectVersion.V1_1, "IDLE/4", DeliveryMethod.BOTH, ProtocolSupport.COAP));

        given.gateway.expect(WRITE_PACKAGE_URI);
        assertThat(given.gateway.commands()).filteredOn(c -> c == WRITE_PACKAGE_URI).hasSize(2);
        assertThat(given.store.history(given.id)).anyMatch(e -> e.detail().equals("attempt 2: reading the device's Object 5"));
    }

    @Test
    void out_of_ram_is_retried_only_once() {
        given.pullingUpdate();
        given.reportFailure("IDLE/3");
        retryUntilDownloading();

        given.reportFailure("IDLE/3");

        assertThat(given.update().phase()).isEqualTo(UpdatePhase.FAILED);
        assertThat(given.update().attempt()).isEqualTo(2);
    }

    @Test
    void a_lost_connection_is_retried_until_the_attempts_run_out_with_a_growing_backoff() {
        given.pullingUpdate();
        given.reportFailure("IDLE/4");
        assertThat(given.update().nextCheck()).hasValue(given.now().plusSeconds(30));
        retryUntilDownloading();
        given.reportFailure("IDLE/4");
        assertThat(given.update().nextCheck()).hasValue(given.now().plus(Duration.ofMinutes(2)));
        retryUntilDownloading();

        given.reportFailure("IDLE/4");

        DeviceUpdate failed = given.update();
        assertThat(failed.phase()).isEqualTo(UpdatePhase.FAILED);
        assertThat(failed.attempt()).isEqualTo(3);
        assertThat(failed.retried()).hasSize(2).allMatch(f -> f.equals(Failure.device(UpdateResult.CONNECTION_LOST)));
        assertThat(failed.failure()).hasValue(Failure.device(UpdateResult.CONNECTION_LOST));
    }

    private void retryUntilDownloading() {
        given.advance(given.update().nextCheck().map(t -> Duration.between(given.now(), t)).orElseThrow());
        given.answer(READ_FACTS, CommandOutcome.facts(facts(ObjectVersion.V1_1, "IDLE/0", DeliveryMethod.PULL)));
        given.answer(DeviceCommand.OBSERVE, CommandOutcome.status(status("IDLE/0")));
        given.answer(WRITE_PACKAGE_URI, CommandOutcome.changed());
        assertThat(given.update().phase()).isEqualTo(UpdatePhase.DOWNLOADING);
    }

    private void assertResult(String reported, UpdatePhase expected, String meaning) {
        DeviceUpdate update = given.update();
        UpdateResult result = status(reported).result();
        assertThat(update.phase()).isEqualTo(expected);
        assertThat(update.deviceStatus()).hasValue(status(reported));
        Failure failure = expected == UpdatePhase.FAILED ? update.failure().orElseThrow() : update.retried().get(0);
        assertThat(failure.updateResult()).hasValue(result);
        assertThat(failure.describe()).isEqualTo("Update Result " + result.code() + ": " + meaning);
        given.gateway.expectNothingPending();
    }
}
