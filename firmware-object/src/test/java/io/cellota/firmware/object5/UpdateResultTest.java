package io.cellota.firmware.object5;

import static io.cellota.firmware.object5.ObjectVersion.V1_0;
import static io.cellota.firmware.object5.ObjectVersion.V1_1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class UpdateResultTest {

    /** Transcribed by hand from resource 5 of 5.xml (v1.1) and 5-1_0.xml. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
         0 | INITIAL                  | Initial value                                        | V1_0
         1 | SUCCESS                  | Firmware updated successfully                        | V1_0
         2 | NOT_ENOUGH_FLASH         | Not enough flash memory for the new firmware package | V1_0
         3 | OUT_OF_RAM               | Out of RAM during downloading process                | V1_0
         4 | CONNECTION_LOST          | Connection lost during downloading process           | V1_0
         5 | INTEGRITY_CHECK_FAILURE  | Integrity check failure for new downloaded package   | V1_0
         6 | UNSUPPORTED_PACKAGE_TYPE | Unsupported package type                             | V1_0
         7 | INVALID_URI              | Invalid URI                                          | V1_0
         8 | UPDATE_FAILED            | Firmware update failed                               | V1_0
         9 | UNSUPPORTED_PROTOCOL     | Unsupported protocol                                 | V1_0
        10 | CANCELLED                | Firmware update cancelled                            | V1_1
        11 | DEFERRED                 | Firmware update deferred                             | V1_1
        """)
    void each_result_matches_the_object_definition(long code, UpdateResult result, String description,
            ObjectVersion since) {
        assertThat(UpdateResult.fromCode(code)).contains(result);
        assertThat(result.code()).isEqualTo(code);
        assertThat(result.description()).isEqualTo(description);
        assertThat(result.since()).isEqualTo(since);
    }

    @Test
    void there_are_exactly_twelve_results() {
        assertThat(UpdateResult.values()).hasSize(12);
    }

    @ParameterizedTest
    @EnumSource(UpdateResult.class)
    void every_result_round_trips_through_its_code(UpdateResult result) {
        assertThat(UpdateResult.fromCode(result.code())).contains(result);
    }

    /** 12 and 13 belong to object 33629 only; 4294967297 would read as 1 if narrowed to an int. */
    @ParameterizedTest
    @ValueSource(longs = {-1, 12, 13, 255, 4_294_967_297L, Long.MAX_VALUE, Long.MIN_VALUE})
    void an_unknown_code_from_a_device_is_empty_rather_than_an_error(long code) {
        assertThat(UpdateResult.fromCode(code)).isEmpty();
    }

    @Test
    void version_1_0_allows_codes_0_to_9() {
        assertThat(codesWhere(r -> r.isValidFor(V1_0))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void version_1_1_allows_codes_0_to_11() {
        assertThat(codesWhere(r -> r.isValidFor(V1_1))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void codes_2_to_9_are_failures_and_cancel_and_deferral_are_not() {
        assertThat(codesWhere(UpdateResult::isFailure)).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void a_download_fails_with_2_3_4_5_6_7_or_9() {
        assertThat(codesWhere(UpdateResult::isDownloadFailure)).containsExactly(2, 3, 4, 5, 6, 7, 9);
    }

    @Test
    void an_update_fails_with_5_or_8() {
        assertThat(codesWhere(UpdateResult::isUpdateFailure)).containsExactly(5, 8);
    }

    private static Stream<Integer> codesWhere(Predicate<UpdateResult> predicate) {
        return Arrays.stream(UpdateResult.values()).filter(predicate).map(UpdateResult::code);
    }
}
