package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.testkit.ReferenceImages;
import io.cellota.firmware.tool.CliErrors;
import io.cellota.server.config.ServerConfig;
import io.cellota.server.config.ServerConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cellota server} up to the start: which setting wins, how every key is reached from the command line,
 * and the one-line refusals of a bad command line, a bad setting and a trusted key that is not there. Nothing
 * here starts a server (if a check were missing, the timeout ends the server it would start).
 */
@Timeout(60)
class ServerCommandTest {

    @TempDir
    Path dir;

    private static ServerRun run(Map<String, String> environment, String... args) {
        return ServerRun.toEnd(environment, args);
    }

    private ServerConfig config(Map<String, String> environment, String... args) throws Exception {
        ServerCommand command = new ServerCommand(environment, false);
        new CommandLine(command).parseArgs(args);
        return command.config();
    }

    @Test
    void options_beat_the_environment_which_beats_the_config_file_which_beats_the_defaults() throws Exception {
        Path file = Files.writeString(dir.resolve("cellota.properties"),
                "coap.port=1001\ncoaps.port=1002\nhttp.port=1003\npublic.host=file.example\n");

        ServerConfig c = config(Map.of("CELLOTA_COAPS_PORT", "2002", "CELLOTA_HTTP_PORT", "2003"),
                "--config", file.toString(), "--http-port", "3003", "--data", dir.resolve("data").toString());

        assertThat(c.coap().getPort()).as("file").isEqualTo(1001);
        assertThat(c.coaps().getPort()).as("environment").isEqualTo(2002);
        assertThat(c.http().getPort()).as("option").isEqualTo(3003);
        assertThat(c.publicHost()).isEqualTo("file.example");
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.maxPackageSize()).as("default").isEqualTo(Long.parseLong(ServerConfigLoader.DEFAULTS.get("max.package.size")));
    }

    @Test
    void every_key_is_reached_with_set_and_each_named_option_fills_its_key() throws Exception {
        ServerConfig c = config(Map.of("CELLOTA_AWAKE_TIME", "10s"), "--set", "awake.time=90s",
                "--set", "database.url=jdbc:postgresql://db:5432/cellota", "--set", "database.user=fota",
                "--coap-port", "15683", "--coaps-port", "15684", "--public-host", "fota.example",
                "--api-token", "cli-token", "--trust", "a.pem", "--trust", "b.pem");

        assertThat(c.awakeTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.databaseUrl()).contains("jdbc:postgresql://db:5432/cellota");
        assertThat(c.databaseUser()).contains("fota");
        assertThat(c.coap().getPort()).isEqualTo(15683);
        assertThat(c.coaps().getPort()).isEqualTo(15684);
        assertThat(c.publicHost()).isEqualTo("fota.example");
        assertThat(c.apiToken()).contains("cli-token");
        assertThat(c.trustedKeys()).containsExactly(Path.of("a.pem"), Path.of("b.pem"));
    }

    @Test
    void an_empty_set_value_clears_a_setting_of_the_file() throws Exception {
        Path file = Files.writeString(dir.resolve("c.properties"), "api.token=from-file\n");

        assertThat(config(Map.of(), "--config", file.toString(), "--set", "api.token=").apiToken()).isEmpty();
    }

    @Test
    void an_unknown_key_in_set_is_a_usage_error_naming_it() {
        ServerRun r = run(Map.of(), "--set", "colour=blue");

        assertThat(r.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(r.err().lines().findFirst().orElseThrow())
                .startsWith("cellota server: --set colour: unknown setting 'colour'").contains("awake.time");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void a_key_set_twice_on_the_command_line_is_refused() {
        ServerRun r = run(Map.of(), "--http-port", "1", "--set", "http.port=2");

        assertThat(r.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(r.err()).contains("--set http.port: the option for http.port is given too");
    }

    @Test
    void a_bad_value_is_one_line_naming_the_key_and_its_source_and_exit_2() {
        ServerRun option = run(Map.of(), "--http-port", "70000");
        ServerRun environment = run(Map.of("CELLOTA_AWAKE_TIME", "soon"), "--data", dir.resolve("d").toString());
        ServerRun notANumber = run(Map.of(), "--coap-port", "x");

        assertThat(option.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(option.err().lines().findFirst().orElseThrow())
                .isEqualTo("cellota server: setting 'http.port' = '70000' (from command line): a port is 0..65535");
        assertThat(environment.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(environment.err()).contains("'awake.time'", "environment CELLOTA_AWAKE_TIME");
        assertThat(notANumber.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(notANumber.err()).contains("--coap-port", "'x'");
        for (ServerRun r : List.of(option, environment, notANumber)) {
            assertThat(r.err()).doesNotContain("\tat ", "Exception");
            assertThat(r.err().lines()).as("the error and the hint to --help").hasSize(2);
        }
        assertThat(dir.resolve("d")).as("nothing started").doesNotExist();
    }

    @Test
    void a_database_url_that_is_not_jdbc_is_refused_naming_the_key() {
        ServerRun r = run(Map.of("CELLOTA_DATABASE_URL", "postgres://db/cellota"));

        assertThat(r.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(r.err()).contains("'database.url'", "CELLOTA_DATABASE_URL", "jdbc:");
    }

    @Test
    void a_missing_or_broken_trusted_key_is_one_line_exit_1_before_the_data_dir_is_touched() throws Exception {
        Path data = dir.resolve("data");
        Path broken = Files.writeString(dir.resolve("broken.pem"), "not a key");
        Path good = ReferenceImages.copyTo(dir, "key-ed25519.pub.pem");

        ServerRun missing = run(Map.of(), "--data", data.toString(), "--trust", good.toString(),
                "--trust", dir.resolve("missing.pem").toString());
        ServerRun notAKey = run(Map.of(), "--data", data.toString(), "--trust", broken.toString());

        assertThat(missing.exit()).isEqualTo(CliErrors.FAILURE);
        assertThat(missing.err().strip()).isEqualTo("cellota server: trusted key " + dir.resolve("missing.pem")
                + " (trusted.keys): no such file");
        assertThat(notAKey.exit()).isEqualTo(CliErrors.FAILURE);
        assertThat(notAKey.err().strip()).doesNotContain("\n").startsWith("cellota server: trusted key " + broken);
        assertThat(data).doesNotExist();
    }

    @Test
    void the_help_names_each_options_key_and_its_default() {
        String help = run(Map.of(), "--help").out().replaceAll("\\s+", " ");

        Map.of("--data", "data.dir", "--coap-port", "coap.port", "--coaps-port", "coaps.port",
                "--http-port", "http.port", "--public-host", "public.host", "--api-token", "api.token",
                "--trust", "trusted.keys").forEach((option, key) -> assertThat(help).contains(option, key + ":"));
        for (String key : List.of("data.dir", "coap.port", "coaps.port", "http.port", "public.host")) {
            assertThat(help).contains(key + ":").contains("(default " + ServerConfigLoader.DEFAULTS.get(key));
        }
        assertThat(help).contains("docs/configuration.md");
    }

    @Test
    void the_summary_shows_a_database_url_without_its_password() {
        assertThat(StartSummary.withoutPassword("jdbc:postgresql://db:5432/cellota?user=fota&password=s3cret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/cellota?user=fota&password=***&ssl=true");
        assertThat(StartSummary.withoutPassword("jdbc:postgresql://fota:s3cret@db/cellota"))
                .isEqualTo("jdbc:postgresql://fota:***@db/cellota");
        assertThat(StartSummary.withoutPassword("jdbc:postgresql://db/cellota")).isEqualTo("jdbc:postgresql://db/cellota");
    }
}
