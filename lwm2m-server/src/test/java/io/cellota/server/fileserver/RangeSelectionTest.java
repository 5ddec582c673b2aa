package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.server.fileserver.RangeSelection.Part;
import io.cellota.server.fileserver.RangeSelection.Unsatisfiable;
import io.cellota.server.fileserver.RangeSelection.Whole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Range and If-Range (RFC 9110 §14.2, §13.1.5) for a 1000-byte package, including hostile headers. */
class RangeSelectionTest {

    private static final long SIZE = 1000;
    private static final String ETAG = "\"abc\"";

    @ParameterizedTest(name = "{0} -> {1}-{2}")
    @CsvSource(delimiter = ';', value = {
        "bytes=0-0; 0; 0",
        "bytes=0-999; 0; 999",
        "bytes=0-1000; 0; 999",
        "bytes=10-19; 10; 19",
        "bytes=999-999; 999; 999",
        "bytes=500-; 500; 999",
        "bytes=0-; 0; 999",
        "bytes=999-; 999; 999",
        "bytes=-1; 999; 999",
        "bytes=-100; 900; 999",
        "bytes=-1000; 0; 999",
        "bytes=-5000; 0; 999",
        "BYTES=1-2; 1; 2",
        "Bytes=1-2; 1; 2",
        "'bytes= 1-2 '; 1; 2",
        "'bytes=\t1-2'; 1; 2",
        "'bytes=1-2,'; 1; 2",
        "'bytes=, ,1-2, ,'; 1; 2",
        "bytes=0000000000000000000000000010-20; 10; 20",
        "bytes=5-99999999999999999999999999999999; 5; 999",
        "bytes=-99999999999999999999999999999999; 0; 999",
        "bytes=5-9223372036854775807; 5; 999",
        "bytes=5-9223372036854775808; 5; 999"})
    void a_single_range_selects_its_bytes_clamped_to_the_end(String header, long first, long last) {
        assertThat(RangeSelection.of(header, SIZE)).isEqualTo(new Part(first, last, SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-1000", "bytes=1000-2000", "bytes=-0", "bytes=-000",
        "bytes=99999999999999999999999-", "bytes=9223372036854775807-9223372036854775807"})
    void a_range_past_the_end_or_an_empty_suffix_is_unsatisfiable(String header) {
        assertThat(RangeSelection.of(header, SIZE)).isEqualTo(new Unsatisfiable(SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "bytes", "bytes=", "bytes=,", "bytes=-", "bytes=--1", "bytes=1--2",
        "bytes=5-4", "bytes=a-b", "bytes=1-b", "bytes=+1-2", "bytes=1-+2", "bytes=-+1", "bytes=1 - 2", "bytes=0x10-20",
        "bytes=１-２", "bytes=1.5-2", "bytes=1e3-", "bytes =1-2", " bytes=1-2", "items=1-2", "bytes;1-2", "1-2",
        "bytes=0-1,5-6", "bytes=0-1,-1", "bytes=0-1,2000-3000", "bytes=-1,-2", "bytes=\u0000", "bytes=1-2\u0000",
        "bytes=999999999999999999999-1"})
    @NullSource
    void anything_else_is_ignored_and_serves_the_whole_package(String header) {
        assertThat(RangeSelection.of(header, SIZE)).isEqualTo(new Whole());
    }

    @Test
    void an_overlong_header_is_ignored_unread() {
        assertThat(RangeSelection.of("bytes=1-2" + " ".repeat(RangeSelection.MAX_HEADER_CHARS), SIZE))
                .isEqualTo(new Whole());
        assertThat(RangeSelection.of("bytes=" + "9".repeat(1000) + "-", SIZE)).isEqualTo(new Unsatisfiable(SIZE));
        assertThat(RangeSelection.of("bytes=" + ",".repeat(2000) + "1-2", SIZE)).isEqualTo(new Whole());
    }

    @Test
    void an_empty_package_has_no_satisfiable_first_position_and_serves_suffixes_whole() {
        assertThat(RangeSelection.of("bytes=0-", 0)).isEqualTo(new Unsatisfiable(0));
        assertThat(RangeSelection.of("bytes=0-0", 0)).isEqualTo(new Unsatisfiable(0));
        assertThat(RangeSelection.of("bytes=-5", 0)).isEqualTo(new Whole());
    }

    @Test
    void if_range_with_the_current_strong_etag_applies_the_range() {
        assertThat(RangeSelection.of("bytes=10-", ETAG, ETAG, SIZE)).isEqualTo(new Part(10, 999, SIZE));
        assertThat(RangeSelection.of("bytes=10-", " " + ETAG + " ", ETAG, SIZE)).isEqualTo(new Part(10, 999, SIZE));
        assertThat(RangeSelection.of("bytes=10-", null, ETAG, SIZE)).isEqualTo(new Part(10, 999, SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"other\"", "W/\"abc\"", "abc", "\"ABC\"", "Wed, 21 Oct 2015 07:28:00 GMT", "", "*"})
    void if_range_with_anything_else_serves_the_whole_package(String ifRange) {
        assertThat(RangeSelection.of("bytes=10-", ifRange, ETAG, SIZE)).isEqualTo(new Whole());
    }

    @Test
    void if_range_without_range_is_ignored_and_an_unsatisfiable_range_after_a_matching_if_range_is_416() {
        assertThat(RangeSelection.of(null, "\"other\"", ETAG, SIZE)).isEqualTo(new Whole());
        assertThat(RangeSelection.of("bytes=5000-", ETAG, ETAG, SIZE)).isEqualTo(new Unsatisfiable(SIZE));
    }

    @Test
    void content_range_values_follow_the_rfc() {
        assertThat(new Part(0, 99, 1000).contentRange()).isEqualTo("bytes 0-99/1000");
        assertThat(new Part(0, 99, 1000).length()).isEqualTo(100);
        assertThat(new Unsatisfiable(1000).contentRange()).isEqualTo("bytes */1000");
    }
}
