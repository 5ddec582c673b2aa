package io.cellota.server.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.device.link.LinkProfile;
import java.util.List;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The limit arithmetic: header sizes checked against Californium's own encoder, sums over a transfer, the time
 * limit against the link's serialization, and the median.
 */
class BenchArithmeticTest {

    private static final List<String> PATH = List.of("fw", "fw-bench00000065536");
    private static final WireModel PLAIN = new WireModel(28, 0, 0, 4, 8, PATH);

    @ParameterizedTest(name = "block {0} of {1} bytes, {2} payload bytes")
    @CsvSource({"0, 1024, 1024, true", "1, 1024, 1024, true", "15, 1024, 1024, true", "16, 1024, 1024, true",
        "63, 1024, 512, false", "4095, 16, 16, true", "4096, 16, 16, true", "0, 16, 7, false"})
    void a_response_has_as_many_bytes_as_californium_encodes(long num, int size, int payload, boolean more) {
        Response response = new Response(CoAP.ResponseCode.CONTENT);
        response.setType(CoAP.Type.ACK);
        response.setMID(1);
        response.setToken(new byte[] {1, 2, 3, 4});
        response.getOptions().addETag(new byte[8]);
        if (num == 0) {
            response.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
            response.getOptions().setSize2(65_536);
        }
        response.getOptions().setBlock2(Integer.numberOfTrailingZeros(size) - 4, more, (int) num);
        response.setPayload(new byte[payload]);

        assertThat(PLAIN.responseBytes(num, size, payload, more, 65_536)).isEqualTo(encoded(response));
    }

    @ParameterizedTest(name = "block {0} of {1} bytes")
    @CsvSource({"0, 1024", "1, 1024", "15, 512", "16, 512", "4096, 16"})
    void a_request_has_as_many_bytes_as_californium_encodes(long num, int size) {
        Request request = Request.newGet();
        request.setMID(1);
        request.setToken(new Token(new byte[] {1, 2, 3, 4}));
        PATH.forEach(request.getOptions()::addUriPath);
        request.getOptions().setBlock2(Integer.numberOfTrailingZeros(size) - 4, false, (int) num);
        if (num == 0) {
            request.getOptions().setSize2(0);
        }

        assertThat(PLAIN.requestBytes(num, size)).isEqualTo(encoded(request));
    }

    @Test
    void dtls_adds_its_record_header_nonce_and_tag_and_a_cid_with_its_content_type_byte() {
        assertThat(WireModel.dtlsCcm8(0)).isEqualTo(13 + 8 + 8);
        assertThat(WireModel.dtlsCcm8(6)).isEqualTo(13 + 8 + 8 + 6 + 1);
        WireModel secure = new WireModel(28, WireModel.dtlsCcm8(0), WireModel.dtlsCcm8(6), 4, 8, PATH);

        assertThat(secure.responseBytes(3, 1024, 1024, true, 4096) - PLAIN.responseBytes(3, 1024, 1024, true, 4096))
                .isEqualTo(29);
        assertThat(secure.requestBytes(3, 1024) - PLAIN.requestBytes(3, 1024)).isEqualTo(36);
    }

    @Test
    void a_transfer_sums_one_request_and_one_response_per_block_the_last_one_short() {
        WireModel.Transfer transfer = PLAIN.transfer(2 * 1024 + 100, 1024);

        assertThat(transfer.blocks()).isEqualTo(3);
        assertThat(transfer.down()).isEqualTo(PLAIN.responseBytes(0, 1024, 1024, true, 2148)
                + PLAIN.responseBytes(1, 1024, 1024, true, 2148) + PLAIN.responseBytes(2, 1024, 100, false, 2148));
        assertThat(transfer.up()).isEqualTo(PLAIN.requestBytes(0, 1024) + 2L * PLAIN.requestBytes(1, 1024));
        assertThat(transfer.efficiency()).isEqualTo(2148.0 / (transfer.down() + transfer.up()));
        assertThat(transfer.wireEfficiency()).isLessThan(transfer.efficiency());
    }

    @Test
    void the_time_limit_is_every_response_serialized_at_the_downlink_rate() {
        LinkProfile nbIot = LinkProfile.NB_IOT;
        long expected = 0;
        for (int num = 0; num < 4; num++) {
            expected += nbIot.downlink().serializationNanos(PLAIN.responseBytes(num, 1024, 1024, num < 3, 4096) + 28);
        }

        assertThat(PLAIN.limitNanos(nbIot.downlink(), 4096, 1024)).isEqualTo(expected);
        // 4 datagrams of about 1.1 KB at 26 kbit/s: about 1.35 s
        assertThat(expected / 1e9).isBetween(1.3, 1.4);
    }

    @Test
    void option_encoding_follows_rfc_7252_section_3_1() {
        assertThat(WireModel.option(4, 8)).isEqualTo(9);
        assertThat(WireModel.option(13, 0)).isEqualTo(2);
        assertThat(WireModel.option(11, 19)).isEqualTo(1 + 1 + 19);
        assertThat(WireModel.option(269, 0)).isEqualTo(3);
        assertThat(WireModel.uintLength(0)).isZero();
        assertThat(WireModel.uintLength(255)).isEqualTo(1);
        assertThat(WireModel.uintLength(256)).isEqualTo(2);
        assertThat(WireModel.uintLength(1L << 24)).isEqualTo(4);
        assertThatThrownBy(() -> WireModel.block2(0, false, 100)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_median_is_the_middle_value_or_the_mean_of_the_two_middle_ones() {
        assertThat(Samples.of(3, 1, 2).median()).isEqualTo(2);
        assertThat(Samples.of(4, 1, 3, 2).median()).isEqualTo(2.5);
        assertThat(Samples.of(7).median()).isEqualTo(7);
        assertThat(Samples.of(1, 100, 2).median()).isEqualTo(2);
        assertThatThrownBy(() -> new Samples(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Samples.of(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int encoded(org.eclipse.californium.core.coap.Message message) {
        return new UdpDataSerializer().getByteArray(message).length;
    }
}
