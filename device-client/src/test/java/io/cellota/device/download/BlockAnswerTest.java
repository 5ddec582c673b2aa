package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.download.BlockAnswer.BeyondEnd;
import io.cellota.device.download.BlockAnswer.Block;
import io.cellota.device.download.BlockAnswer.Fatal;
import io.cellota.device.download.BlockAnswer.Retry;
import io.cellota.device.download.DownloadOutcome.Failure;
import java.time.Duration;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** How each kind of CoAP response to a Block2 request is read (RFC 7959 §2.2–2.4). */
class BlockAnswerTest {

    @Test
    void a_block_at_the_requested_offset_is_accepted_with_its_etag_and_size2() {
        Response response = block(6, true, 2, 1024);
        response.getOptions().addETag(new byte[] {7}).setSize2(5000);

        Block block = (Block) BlockAnswer.of(response, 2048, 1024);

        assertThat(block.offset()).isEqualTo(2048);
        assertThat(block.more()).isTrue();
        assertThat(block.etag()).hasValueSatisfying(tag -> assertThat(tag).containsExactly(7));
        assertThat(block.size2()).hasValue(5000);
    }

    @Test
    void a_smaller_block_at_the_same_offset_is_late_negotiation() {
        Block block = (Block) BlockAnswer.of(block(4, true, 8, 256), 2048, 1024);

        assertThat(block.size()).isEqualTo(256);
        assertThat(block.offset()).isEqualTo(2048);
    }

    @Test
    void a_larger_block_than_asked_is_an_integrity_failure() {
        assertThat(BlockAnswer.of(block(6, true, 1, 1024), 512, 512))
                .isEqualTo(new Fatal(Failure.INTEGRITY, "asked for 512-byte blocks, got 1024"));
    }

    @Test
    void a_block_at_another_offset_is_an_integrity_failure() {
        assertThat(BlockAnswer.of(block(6, true, 3, 1024), 2048, 1024)).isInstanceOf(Fatal.class);
    }

    @Test
    void a_short_block_that_claims_more_follow_is_an_integrity_failure() {
        assertThat(BlockAnswer.of(block(6, true, 0, 1000), 0, 1024)).isInstanceOf(Fatal.class);
    }

    @Test
    void a_short_last_block_is_fine() {
        assertThat(BlockAnswer.of(block(6, false, 0, 1000), 0, 1024)).isInstanceOf(Block.class);
    }

    @Test
    void a_whole_resource_without_block2_answers_block_zero_but_not_later_blocks() {
        Response whole = new Response(ResponseCode.CONTENT);
        whole.setPayload(new byte[300]);

        assertThat(BlockAnswer.of(whole, 0, 1024)).isInstanceOfSatisfying(Block.class, block -> {
            assertThat(block.more()).isFalse();
            assertThat(block.impliedSize()).hasValue(300);
        });
        assertThat(BlockAnswer.of(whole, 1024, 1024)).isInstanceOf(Fatal.class);
    }

    @ParameterizedTest
    @EnumSource(value = ResponseCode.class, names = {"NOT_FOUND", "UNAUTHORIZED", "FORBIDDEN"})
    void not_found_unauthorized_and_forbidden_mean_an_invalid_uri(ResponseCode code) {
        assertThat(BlockAnswer.of(new Response(code), 0, 1024)).isEqualTo(
                new Fatal(Failure.INVALID_URI, "server answered " + code));
    }

    @Test
    void bad_option_past_block_zero_means_past_the_end() {
        assertThat(BlockAnswer.of(new Response(ResponseCode.BAD_OPTION), 4096, 1024)).isInstanceOf(BeyondEnd.class);
    }

    @ParameterizedTest
    @EnumSource(value = ResponseCode.class, names = {"INTERNAL_SERVER_ERROR", "BAD_GATEWAY", "GATEWAY_TIMEOUT"})
    void server_errors_are_retried_then_count_as_a_lost_connection(ResponseCode code) {
        assertThat(BlockAnswer.of(new Response(code), 0, 1024)).isEqualTo(
                new Retry(Failure.CONNECTION_LOST, "server answered " + code, Duration.ZERO));
    }

    @Test
    void service_unavailable_waits_at_least_its_max_age() {
        Response busy = new Response(ResponseCode.SERVICE_UNAVAILABLE);
        busy.getOptions().setMaxAge(7);

        assertThat(BlockAnswer.of(busy, 0, 1024)).isEqualTo(
                new Retry(Failure.CONNECTION_LOST, "server answered 5.03", Duration.ofSeconds(7)));
    }

    @ParameterizedTest
    @EnumSource(value = ResponseCode.class, names = {"BAD_REQUEST", "METHOD_NOT_ALLOWED", "NOT_ACCEPTABLE"})
    void other_client_errors_are_retried_then_count_as_an_integrity_failure(ResponseCode code) {
        assertThat(BlockAnswer.of(new Response(code), 0, 1024)).isInstanceOf(Retry.class)
                .extracting(answer -> ((Retry) answer).failure()).isEqualTo(Failure.INTEGRITY);
    }

    @Test
    void other_success_codes_are_an_integrity_failure() {
        assertThat(BlockAnswer.of(new Response(ResponseCode.CHANGED), 0, 1024)).isInstanceOf(Fatal.class);
    }

    private static Response block(int szx, boolean more, int num, int payloadLength) {
        Response response = new Response(ResponseCode.CONTENT);
        response.setPayload(new byte[payloadLength]);
        response.getOptions().setBlock2(new BlockOption(szx, more, num));
        return response;
    }
}
