package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.firmware.tool.CliErrors;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cellota server} as an operator runs it, on loopback with ephemeral ports: the first start prints the
 * generated API token once, a restart on the same data directory never prints it and still accepts it, a token
 * from the environment is used and never printed, a taken port or data directory ends the command with one line,
 * and SIGTERM closes the server and ends the process with 0. SIGTERM needs a process of its own; the rest runs
 * the command in this JVM.
 */
class ServerCommandIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Pattern API = Pattern.compile("API +(http://\\S+/api/v1)\\R");
    private static final Pattern DTLS_KEY = Pattern.compile("DTLS key +(\\S+)\\R");
    private static final Pattern GENERATED_TOKEN = Pattern.compile("API token +(\\S+)\\R +generated now: store it, "
            + "it is not shown again");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private static List<String> onLoopback(Path data) {
        return onLoopback(data, 0, 0);
    }

    private static List<String> onLoopback(Path data, int coapPort, int httpPort) {
        return List.of("--data", data.toString(), "--coap-port", String.valueOf(coapPort), "--coaps-port", "0",
                "--http-port", String.valueOf(httpPort), "--public-host", "127.0.0.1", "--set", "coap.host=127.0.0.1",
                "--set", "coaps.host=127.0.0.1", "--set", "http.host=127.0.0.1");
    }

    private static ServerRun started(Map<String, String> environment, List<String> args) {
        ServerRun run = ServerRun.inBackground(environment, args.toArray(String[]::new));
        await().atMost(START).until(() -> run.ended() || API.matcher(run.out()).find());
        assertThat(run.ended()).as("ended early: %s", run.err()).isFalse();
        return run;
    }

    private static Optional<String> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private int devices(String apiUrl, Optional<String> token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + "/devices")).GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void the_first_start_prints_the_token_once_and_a_restart_keeps_it_without_printing_it() throws Exception {
        Path data = dir.resolve("data");
        String token;
        String dtlsKey;
        try (ServerRun first = started(Map.of(), onLoopback(data))) {
            String api = find(API, first.out()).orElseThrow();
            dtlsKey = find(DTLS_KEY, first.out()).orElseThrow(() -> new AssertionError(first.out()));
            assertThat(java.security.KeyFactory.getInstance("EC").generatePublic(
                    new java.security.spec.X509EncodedKeySpec(java.util.Base64.getDecoder().decode(dtlsKey))))
                    .isNotNull();
            token = find(GENERATED_TOKEN, first.out()).orElseThrow(() -> new AssertionError(first.out()));

            assertThat(devices(api, Optional.of(token))).isEqualTo(200);
            assertThat(devices(api, Optional.empty())).isEqualTo(401);
            assertThat(devices(api, Optional.of(token + "x"))).isEqualTo(401);
            assertThat(first.out()).contains("LwM2M", "coap://127.0.0.1:", "coaps://127.0.0.1:",
                    "data          " + data.toAbsolutePath(), "H2 file " + data.toAbsolutePath().resolve("cellota.mv.db"),
                    "trusted keys  none");

            assertThat(first.stop(START)).isZero();
            assertThat(first.out()).endsWith("Cellota server stopped" + System.lineSeparator());
        }

        try (ServerRun restarted = started(Map.of(), onLoopback(data))) {
            String api = find(API, restarted.out()).orElseThrow();

            assertThat(find(DTLS_KEY, restarted.out())).as("the server's DTLS key is kept").contains(dtlsKey);
            assertThat(restarted.out()).doesNotContain(token).doesNotContain("generated now")
                    .contains("API token     kept in " + data.toAbsolutePath().resolve("api-token") + " (not shown)");
            assertThat(devices(api, Optional.of(token))).isEqualTo(200);
            assertThat(restarted.stop(START)).isZero();
        }
    }

    @Test
    void a_token_from_the_environment_opens_the_api_and_is_neither_printed_nor_stored() throws Exception {
        Path data = dir.resolve("data");
        String token = "env-token-0123456789abcdef";
        try (ServerRun run = started(Map.of("CELLOTA_API_TOKEN", token), onLoopback(data))) {
            String api = find(API, run.out()).orElseThrow();

            assertThat(devices(api, Optional.of(token))).isEqualTo(200);
            assertThat(run.out()).doesNotContain(token)
                    .contains("API token     from environment CELLOTA_API_TOKEN (not shown)");
            assertThat(data.resolve("api-token")).doesNotExist();
        }
    }

    @Test
    void a_taken_port_is_one_line_exit_1_and_the_data_dir_stays_untouched() throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            ServerRun httpTaken = ServerRun.toEnd(Map.of(),
                    onLoopback(data, 0, tcp.getLocalPort()).toArray(String[]::new));
            ServerRun coapTaken = ServerRun.toEnd(Map.of(),
                    onLoopback(data, udp.getLocalPort(), 0).toArray(String[]::new));

            assertThat(httpTaken.exit()).isEqualTo(CliErrors.FAILURE);
            assertThat(httpTaken.err().strip()).doesNotContain("\n")
                    .startsWith("cellota server: I/O error: cannot listen on tcp 127.0.0.1:" + tcp.getLocalPort()
                            + " (http.port): ");
            assertThat(coapTaken.exit()).isEqualTo(CliErrors.FAILURE);
            assertThat(coapTaken.err().strip()).doesNotContain("\n")
                    .startsWith("cellota server: I/O error: cannot listen on udp 127.0.0.1:" + udp.getLocalPort()
                            + " (coap.port): ");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void sigterm_closes_the_server_and_the_process_exits_0_and_a_second_server_on_its_data_dir_is_refused()
            throws Exception {
        Path jar = Path.of("target", "cellota.jar");
        assertThat(jar).as("built by the package phase, before the integration tests").exists();
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "server"));
        Path data = dir.resolve("data");
        command.addAll(onLoopback(data));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CELLOTA_"));
        Process process = builder.start();
        try {
            await().atMost(START).until(() -> !process.isAlive() || API.matcher(read(out)).find());
            assertThat(process.isAlive()).as("ended early: %s", read(err)).isTrue();
            String token = find(GENERATED_TOKEN, read(out)).orElseThrow();
            assertThat(devices(find(API, read(out)).orElseThrow(), Optional.of(token))).isEqualTo(200);

            ServerRun second = ServerRun.toEnd(Map.of(), onLoopback(data).toArray(String[]::new));
            assertThat(second.exit()).isEqualTo(CliErrors.FAILURE);
            assertThat(second.err().strip()).isEqualTo("cellota server: I/O error: the data directory "
                    + data.toAbsolutePath() + " is in use by another server");

            process.destroy();

            assertThat(process.waitFor(START.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(read(err)).isZero();
            assertThat(read(out)).contains("Cellota server stopping", "Cellota server stopped");
        } finally {
            process.destroyForcibly();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
