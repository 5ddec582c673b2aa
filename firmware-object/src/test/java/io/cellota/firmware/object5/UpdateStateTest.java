package io.cellota.firmware.object5;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateStateTest {

    @ParameterizedTest
    @CsvSource({"0, IDLE", "1, DOWNLOADING", "2, DOWNLOADED", "3, UPDATING"})
    void each_state_has_the_value_of_resource_3(long code, UpdateState state) {
        assertThat(UpdateState.fromCode(code)).contains(state);
        assertThat(state.code()).isEqualTo(code);
    }

    @Test
    void there_are_exactly_four_states() {
        assertThat(UpdateState.values()).hasSize(4);
    }

    @ParameterizedTest
    @EnumSource(UpdateState.class)
    void every_state_round_trips_through_its_code(UpdateState state) {
        assertThat(UpdateState.fromCode(state.code())).contains(state);
    }

    /** 4294967296 + 1 would read as 1 if the code were narrowed to an int. */
    @ParameterizedTest
    @ValueSource(longs = {-1, 4, 5, 255, 4_294_967_297L, Long.MAX_VALUE, Long.MIN_VALUE})
    void an_unknown_code_from_a_device_is_empty_rather_than_an_error(long code) {
        assertThat(UpdateState.fromCode(code)).isEmpty();
    }
}
