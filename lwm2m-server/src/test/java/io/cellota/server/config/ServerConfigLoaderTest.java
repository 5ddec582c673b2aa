package io.cellota.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaults_give_the_documented_ports_and_an_embedded_database() {
        ServerConfig c = new ServerConfigLoader().load();

        assertThat(c.coap().getPort()).isEqualTo(5683);
        assertThat(c.coaps().getPort()).isEqualTo(5684);
        assertThat(c.http().getPort()).isEqualTo(8080);
        assertThat(c.databaseUrl()).isEmpty();
        assertThat(c.apiToken()).isEmpty();
        assertThat(c.awakeTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxPackageSize()).isEqualTo(8 * 1024 * 1024);
    }

    @Test
    void command_line_beats_environment_beats_file_beats_defaults() throws Exception {
        Path file = Files.writeString(dir.resolve("cellota.properties"), "coap.port=1000\nhttp.port=1001\ncoaps.port=1002\n");

        ServerConfig c = new ServerConfigLoader().file(file)
                .environment(Map.of("CELLOTA_HTTP_PORT", "2001", "CELLOTA_COAPS_PORT", "2002", "PATH", "/bin"))
                .override("coaps.port", 3002).override("api.token", null).load();

        assertThat(c.coap().getPort()).isEqualTo(1000);
        assertThat(c.http().getPort()).isEqualTo(2001);
        assertThat(c.coaps().getPort()).isEqualTo(3002);
    }

    @Test
    void a_bad_value_names_the_key_and_where_it_came_from() throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"), "awake.time=soon\n");

        assertThatThrownBy(() -> new ServerConfigLoader().file(file).load())
                .hasMessageContaining("awake.time").hasMessageContaining("c.properties");
        assertThatThrownBy(() -> new ServerConfigLoader().environment(Map.of("CELLOTA_COAP_PORT", "70000")).load())
                .hasMessageContaining("coap.port").hasMessageContaining("environment");
        assertThatThrownBy(() -> new ServerConfigLoader().override("colour", "blue"))
                .hasMessageContaining("unknown setting 'colour'");
    }

    @Test
    void each_key_has_its_environment_variable_and_the_loader_tells_where_a_value_came_from() throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"), "coap.port=1000\n");

        ServerConfigLoader loader = new ServerConfigLoader().file(file)
                .environment(Map.of("CELLOTA_MAX_PACKAGE_SIZE", "1024")).override("http.port", 0);

        assertThat(ServerConfigLoader.environmentVariable("coap.ack.timeout")).isEqualTo("CELLOTA_COAP_ACK_TIMEOUT");
        assertThat(loader.source("coap.port")).isEqualTo(file.toString());
        assertThat(loader.source("max.package.size")).isEqualTo("environment CELLOTA_MAX_PACKAGE_SIZE");
        assertThat(loader.source("http.port")).isEqualTo("command line");
        assertThat(loader.source("public.host")).isEqualTo("default");
    }

    @Test
    void an_api_token_that_no_bearer_header_can_carry_is_refused_without_quoting_it() {
        assertThatThrownBy(() -> new ServerConfigLoader().environment(Map.of("CELLOTA_API_TOKEN", "two words")).load())
                .hasMessageContaining("api.token").hasMessageContaining("CELLOTA_API_TOKEN")
                .hasMessageNotContaining("two words");
        assertThat(new ServerConfigLoader().override("api.token", "s3cret-Token_1").load().apiToken()).contains("s3cret-Token_1");
    }

    @Test
    void values_the_server_would_only_fail_on_later_are_refused_at_load_naming_the_key() {
        Map<String, String> refusals = Map.of("awake.time", "0s", "coap.ack.timeout", "-4s",
                "token.lifetime", "500ms", "max.package.size", "0", "public.host", "fota example",
                "data.dir", "a\0b", "trusted.keys", "ok.pem,b\0ad.pem", "coap.port", "-1");
        refusals.forEach((key, value) -> assertThatThrownBy(() -> new ServerConfigLoader().override(key, value).load())
                .as(key).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("setting '" + key + "'"));
        assertThatThrownBy(() -> new ServerConfigLoader().override("token.lifetime", "999999999999999d").load())
                .hasMessageContaining("token.lifetime");

        assertThat(new ServerConfigLoader().override("public.host", "fota.example.com").override("token.lifetime", "1s")
                .load().tokenLifetime()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void https_and_the_dtls_certificate_need_their_keys_and_public_ports_default_to_the_bound_ones() {
        assertThatThrownBy(() -> new ServerConfigLoader().override("https.certificate", "server.crt").load())
                .hasMessageContaining("https.certificate").hasMessageContaining("https.key");
        assertThatThrownBy(() -> new ServerConfigLoader().override("coaps.certificate", "server.crt").load())
                .hasMessageContaining("coaps.certificate").hasMessageContaining("coaps.key");
        assertThatThrownBy(() -> new ServerConfigLoader().override("public.coaps.port", "-1").load())
                .hasMessageContaining("public.coaps.port");

        ServerConfig plain = new ServerConfigLoader().load();
        ServerConfig secure = new ServerConfigLoader().override("https.certificate", "server.crt")
                .override("https.key", "server.key").override("https.port", 9443).load();

        assertThat(plain.https()).isEmpty();
        assertThat(plain.publicPorts()).isEqualTo(ServerConfig.PublicPorts.AS_BOUND);
        assertThat(plain.dtlsIdentity()).isEqualTo(ServerConfig.DtlsIdentity.GENERATED);
        assertThat(secure.https()).hasValueSatisfying(h -> {
            assertThat(h.address().getPort()).isEqualTo(9443);
            assertThat(h.key()).hasToString("server.key");
        });
    }

    @Test
    void metrics_are_open_by_default_and_take_a_token_from_any_source() throws Exception {
        Path file = Files.writeString(dir.resolve("m.properties"), "metrics.token=from-file\n");

        assertThat(new ServerConfigLoader().load().metricsToken()).isEmpty();
        assertThat(new ServerConfigLoader().file(file).load().metricsToken()).contains("from-file");
        assertThat(new ServerConfigLoader().file(file).environment(Map.of("CELLOTA_METRICS_TOKEN", "from-env")).load()
                .metricsToken()).contains("from-env");
        assertThat(new ServerConfigLoader().override("metrics.token", "").load().metricsToken()).isEmpty();
    }
}
