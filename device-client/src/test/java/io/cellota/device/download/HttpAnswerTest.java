package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.DownloadOutcome.Failure;
import io.cellota.device.download.HttpAnswer.Fatal;
import io.cellota.device.download.HttpAnswer.Full;
import io.cellota.device.download.HttpAnswer.Partial;
import io.cellota.device.download.HttpAnswer.Retry;
import io.cellota.device.download.HttpAnswer.Unsatisfiable;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How HTTP status lines and headers are read, and Content-Range parsed, before a body is touched. */
class HttpAnswerTest {

    @Test
    void a_200_is_the_full_representation_with_its_length_and_etag() {
        HttpAnswer answer = HttpAnswer.of(200, headers(Map.of("Content-Length", "1234", "ETag", "\"v1\"")));

        assertThat(answer).isInstanceOfSatisfying(Full.class, full -> {
            assertThat(full.length()).isEqualTo(1234);
            assertThat(full.etag()).hasValueSatisfying(tag -> assertThat(new String(tag)).isEqualTo("\"v1\""));
        });
    }

    @Test
    void a_200_without_content_length_has_an_unknown_length() {
        assertThat(HttpAnswer.of(200, headers(Map.of()))).isEqualTo(new Full(-1, java.util.Optional.empty()));
    }

    @Test
    void a_206_carries_its_content_range() {
        HttpAnswer answer = HttpAnswer.of(206, headers(Map.of("Content-Range", "bytes 100-199/200")));

        assertThat(answer).isInstanceOfSatisfying(Partial.class,
                partial -> assertThat(partial.range()).isEqualTo(new ContentRange(100, 199, OptionalLong.of(200))));
    }

    @Test
    void a_206_without_a_valid_content_range_is_an_integrity_failure() {
        assertThat(HttpAnswer.of(206, headers(Map.of("Content-Range", "bytes 100-99/200")))).isInstanceOf(Fatal.class);
        assertThat(HttpAnswer.of(206, headers(Map.of()))).isInstanceOf(Fatal.class);
    }

    @Test
    void a_416_means_the_resource_is_shorter_than_our_position() {
        assertThat(HttpAnswer.of(416, headers(Map.of()))).isInstanceOf(Unsatisfiable.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {404, 410, 401, 403})
    void missing_and_forbidden_resources_are_an_invalid_uri(int status) {
        assertThat(HttpAnswer.of(status, headers(Map.of()))).isEqualTo(
                new Fatal(Failure.INVALID_URI, "server answered HTTP " + status));
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429, 500, 502, 503, 504})
    void server_trouble_is_retried_then_a_lost_connection(int status) {
        assertThat(HttpAnswer.of(status, headers(Map.of()))).isInstanceOfSatisfying(Retry.class,
                retry -> assertThat(retry.failure()).isEqualTo(Failure.CONNECTION_LOST));
    }

    @Test
    void retry_after_sets_the_least_wait() {
        assertThat(HttpAnswer.of(503, headers(Map.of("Retry-After", "12")))).isEqualTo(
                new Retry(Failure.CONNECTION_LOST, "server answered HTTP 503", Duration.ofSeconds(12)));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 405, 406})
    void other_client_errors_are_retried_then_an_integrity_failure(int status) {
        assertThat(HttpAnswer.of(status, headers(Map.of()))).isInstanceOfSatisfying(Retry.class,
                retry -> assertThat(retry.failure()).isEqualTo(Failure.INTEGRITY));
    }

    @ParameterizedTest
    @ValueSource(ints = {204, 301, 304})
    void anything_else_is_an_integrity_failure(int status) {
        assertThat(HttpAnswer.of(status, headers(Map.of()))).isInstanceOf(Fatal.class);
    }

    @Test
    void content_ranges_parse_and_reject_nonsense() {
        assertThat(ContentRange.parse("bytes 0-9/10")).contains(new ContentRange(0, 9, OptionalLong.of(10)));
        assertThat(ContentRange.parse(" bytes 5-9/* ")).contains(new ContentRange(5, 9, OptionalLong.empty()));
        assertThat(ContentRange.parse("bytes 5-9/*").orElseThrow().length()).isEqualTo(5);
        for (String nonsense : List.of("bytes 9-5/10", "bytes 0-10/10", "items 0-9/10", "bytes */10", "bytes 0-9",
                "bytes -1-9/10", "bytes 0-99999999999999999999/*")) {
            assertThat(ContentRange.parse(nonsense)).as(nonsense).isEmpty();
        }
    }

    private static HttpHeaders headers(Map<String, String> values) {
        return HttpHeaders.of(values.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, entry -> List.of(entry.getValue()))), (name, value) -> true);
    }
}
