package io.cellota.firmware.object5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FirmwareUpdateStatusTest {

    @Test
    void the_initial_status_is_idle_with_result_0() {
        assertThat(FirmwareUpdateStatus.INITIAL)
                .isEqualTo(new FirmwareUpdateStatus(UpdateState.IDLE, UpdateResult.INITIAL));
    }

    @Test
    void only_idle_with_result_1_is_a_success() {
        for (UpdateState state : UpdateState.values()) {
            for (UpdateResult result : UpdateResult.values()) {
                assertThat(new FirmwareUpdateStatus(state, result).isSuccess()).as("%s/%s", state, result)
                        .isEqualTo(state == UpdateState.IDLE && result.code() == 1);
            }
        }
    }

    @Test
    void a_failure_is_reported_with_its_result_for_codes_2_to_9_only() {
        for (UpdateResult result : UpdateResult.values()) {
            var failure = new FirmwareUpdateStatus(UpdateState.IDLE, result).failure();
            if (result.code() >= 2 && result.code() <= 9) {
                assertThat(failure).as("%s", result).contains(result);
            } else {
                assertThat(failure).as("%s", result).isEmpty();
            }
        }
        assertThat(new FirmwareUpdateStatus(UpdateState.DOWNLOADED, UpdateResult.UPDATE_FAILED).failure())
                .contains(UpdateResult.UPDATE_FAILED);
    }

    @Test
    void both_parts_are_required() {
        assertThatThrownBy(() -> new FirmwareUpdateStatus(null, UpdateResult.INITIAL))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new FirmwareUpdateStatus(UpdateState.IDLE, null))
                .isInstanceOf(NullPointerException.class);
    }
}
