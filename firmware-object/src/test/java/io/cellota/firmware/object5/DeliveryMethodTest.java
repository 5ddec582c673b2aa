package io.cellota.firmware.object5;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class DeliveryMethodTest {

    @ParameterizedTest
    @CsvSource({"0, PULL, true, false", "1, PUSH, false, true", "2, BOTH, true, true"})
    void each_method_has_the_value_of_resource_9_and_says_what_it_supports(long code, DeliveryMethod method,
            boolean pull, boolean push) {
        assertThat(DeliveryMethod.fromCode(code)).contains(method);
        assertThat(method.code()).isEqualTo(code);
        assertThat(method.supportsPull()).isEqualTo(pull);
        assertThat(method.supportsPush()).isEqualTo(push);
    }

    @ParameterizedTest
    @EnumSource(DeliveryMethod.class)
    void every_method_round_trips_through_its_code(DeliveryMethod method) {
        assertThat(DeliveryMethod.fromCode(method.code())).contains(method);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, 3, 4_294_967_296L, Long.MAX_VALUE, Long.MIN_VALUE})
    void an_unknown_code_is_empty_rather_than_an_error(long code) {
        assertThat(DeliveryMethod.fromCode(code)).isEmpty();
    }
}
