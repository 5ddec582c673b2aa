package io.cellota.firmware.object5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.object5.Transition.Accepted;
import io.cellota.firmware.object5.Transition.Rejected;
import org.junit.jupiter.api.Test;

class TransitionTest {

    private static final FirmwareUpdateStatus DOWNLOADED =
            new FirmwareUpdateStatus(UpdateState.DOWNLOADED, UpdateResult.INITIAL);

    @Test
    void an_accepted_transition_moves_to_its_target() {
        assertThat(new Accepted(DOWNLOADED).statusAfter(FirmwareUpdateStatus.INITIAL)).isEqualTo(DOWNLOADED);
    }

    @Test
    void a_rejected_transition_keeps_the_status() {
        assertThat(new Rejected(Rejection.BAD_REQUEST, "no").statusAfter(DOWNLOADED)).isEqualTo(DOWNLOADED);
    }

    @Test
    void a_rejection_must_explain_itself() {
        assertThatThrownBy(() -> new Rejected(Rejection.BAD_REQUEST, " "))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Rejected(null, "why")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Accepted(null)).isInstanceOf(NullPointerException.class);
    }
}
