package io.cellota.firmware.object5;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolSupportTest {

    /** Resource 8 of 5.xml, with the URI schemes of RFC 7252 section 6 and RFC 8323 section 8. */
    @ParameterizedTest
    @CsvSource({"0, COAP, coap", "1, COAPS, coaps", "2, HTTP, http", "3, HTTPS, https",
        "4, COAP_TCP, coap+tcp", "5, COAP_TLS, coaps+tcp"})
    void each_protocol_has_the_value_of_resource_8_and_its_uri_scheme(long code, ProtocolSupport protocol,
            String scheme) {
        assertThat(ProtocolSupport.fromCode(code)).contains(protocol);
        assertThat(protocol.code()).isEqualTo(code);
        assertThat(protocol.scheme()).isEqualTo(scheme);
        assertThat(ProtocolSupport.fromScheme(scheme)).contains(protocol);
    }

    @Test
    void there_are_exactly_six_protocols() {
        assertThat(ProtocolSupport.values()).hasSize(6);
    }

    @ParameterizedTest
    @EnumSource(ProtocolSupport.class)
    void every_protocol_round_trips_through_its_code_and_its_scheme(ProtocolSupport protocol) {
        assertThat(ProtocolSupport.fromCode(protocol.code())).contains(protocol);
        assertThat(ProtocolSupport.fromScheme(protocol.scheme())).contains(protocol);
    }

    @Test
    void schemes_are_compared_without_case_as_rfc_3986_requires() {
        assertThat(ProtocolSupport.fromScheme("CoAPS")).contains(ProtocolSupport.COAPS);
        assertThat(ProtocolSupport.fromScheme("COAPS+TCP")).contains(ProtocolSupport.COAP_TLS);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"coap+ws", "coaps+ws", "ftp", "coaps:", " coap", "coap+tls"})
    void an_unknown_scheme_is_empty(String scheme) {
        assertThat(ProtocolSupport.fromScheme(scheme)).isEmpty();
    }

    /** "Any value not understood by the LwM2M Server MUST be ignored." */
    @ParameterizedTest
    @ValueSource(longs = {-1, 6, 7, 4_294_967_296L, Long.MAX_VALUE, Long.MIN_VALUE})
    void an_unknown_code_is_empty_so_the_server_can_ignore_it(long code) {
        assertThat(ProtocolSupport.fromCode(code)).isEmpty();
    }
}
