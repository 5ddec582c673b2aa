package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Package URIs from the public address: each scheme's form, encoding, IPv6, limits. */
class PackageUrisTest {

    private static final DownloadToken TOKEN = new DownloadToken("AbC-_1", Instant.EPOCH);
    private final PackageUris uris = PackageUris.coapDefaults("fota.example.net").withHttp(8080).withHttps(8443);

    @Test
    void each_scheme_has_its_form() {
        assertThat(uris.coap("pkg-1", TOKEN)).isEqualTo(URI.create("coap://fota.example.net:5683/fw/pkg-1/AbC-_1"));
        assertThat(uris.coaps("pkg-1")).isEqualTo(URI.create("coaps://fota.example.net:5684/fw/pkg-1"));
        assertThat(uris.http("pkg-1", TOKEN)).isEqualTo(URI.create("http://fota.example.net:8080/fw/pkg-1?t=AbC-_1"));
        assertThat(uris.https("pkg-1", TOKEN)).isEqualTo(URI.create("https://fota.example.net:8443/fw/pkg-1?t=AbC-_1"));
    }

    @Test
    void the_uri_for_a_transport_is_the_one_of_its_scheme() {
        for (Transport transport : Transport.values()) {
            assertThat(uris.uri(transport, "p", TOKEN).getScheme()).isEqualTo(transport.scheme());
        }
        assertThat(uris.uri(Transport.COAPS, "p", TOKEN).toString()).doesNotContain(TOKEN.value());
    }

    @Test
    void a_package_id_is_one_percent_encoded_segment() {
        URI uri = uris.coaps("fw 1.0+ä?#%");

        assertThat(uri.getRawPath()).isEqualTo("/fw/fw%201.0%2B%C3%A4%3F%23%25");
        assertThat(uri.getPath()).isEqualTo("/fw/fw 1.0+ä?#%");
    }

    @Test
    void an_ipv6_host_is_bracketed() {
        assertThat(PackageUris.coapDefaults("2001:db8::1").coaps("p")).isEqualTo(URI.create("coaps://[2001:db8::1]:5684/fw/p"));
    }

    @Test
    void the_resource_name_is_configurable() {
        assertThat(new PackageUris("h", 1, 2, 0, 0, "firmware").coaps("p")).isEqualTo(URI.create("coaps://h:2/firmware/p"));
    }

    @Test
    void a_transport_without_a_port_is_not_offered() {
        assertThatThrownBy(() -> PackageUris.coapDefaults("h").http("p", TOKEN)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_uri_longer_than_object_5_allows_is_refused() {
        assertThat(uris.coaps("p".repeat(200)).toString()).hasSizeLessThanOrEqualTo(PackageUris.MAX_URI_BYTES);
        assertThatThrownBy(() -> uris.coaps("p".repeat(250))).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a/b", "user@h", "[::1]", "h?x", "hö"})
    void a_host_that_is_no_host_is_refused(String host) {
        assertThatThrownBy(() -> PackageUris.coapDefaults(host)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "/"})
    void a_package_id_that_is_no_segment_is_refused(String id) {
        assertThatThrownBy(() -> uris.coaps(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ports_and_resource_names_are_checked() {
        assertThatThrownBy(() -> new PackageUris("h", 70_000, 0, 0, 0, "fw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PackageUris("h", 1, 0, 0, 0, "f/w")).isInstanceOf(IllegalArgumentException.class);
    }
}
