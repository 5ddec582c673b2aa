package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.sim.DeviceConfig;
import io.cellota.device.sim.SimulatedDevice;
import io.cellota.device.testkit.TestDevices;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.server.config.ServerConfigLoader;
import io.cellota.server.rest.RestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server's {@code GET /metrics}, scraped over HTTP as Prometheus does: a device registers and is
 * updated by pull over CoAP, and the scrape shows the device, the finished update and every byte of the image
 * served; after a restart the gauges show an update still under way; with {@code metrics.token} set, a scrape
 * without that token is refused.
 */
class MetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String API_TOKEN = "it-token";
    private static final ClientResources DEVICES = ClientResources.create(CoapTiming.LOOPBACK, 4);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private CellotaServer server;

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterAll
    static void release() {
        DEVICES.close();
    }

    @Test
    void a_pull_over_coap_shows_the_device_the_finished_update_and_every_byte_served() throws Exception {
        givenServer("");
        SimulatedDevice device = registered("met-coap");
        byte[] image = TestDevices.image("1.1.0", 24_000);
        String firmware = upload(image);

        assertThat(value(scrape(), "cellota_registrations_total")).isEqualTo(1);
        JsonNode done = awaitFinal(startUpdate("met-coap", firmware, "coap"));

        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(device.runningVersion().orElseThrow()).hasToString("1.1.0+0");
        HttpResponse<String> r = get("/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain")
                .contains("version=0.0.4");
        String metrics = r.body();
        assertThat(value(metrics, "cellota_devices_registered")).isEqualTo(1);
        assertThat(value(metrics, "cellota_registrations_total")).as("again after the reboot into 1.1.0").isEqualTo(2);
        assertThat(value(metrics, "cellota_deregistrations_total")).isZero();
        assertThat(value(metrics, "cellota_updates_submitted_total")).isEqualTo(1);
        assertThat(value(metrics, "cellota_updates_finished_total{phase=\"succeeded\"}")).isEqualTo(1);
        assertThat(value(metrics, "cellota_updates_finished_total{phase=\"failed\"}")).isZero();
        assertThat(value(metrics, "cellota_updates_retries_total")).isZero();
        assertThat(sum(metrics, "cellota_updates_active{")).as("nothing under way").isZero();
        assertThat(value(metrics, "cellota_delivery_bytes_total{transport=\"coap\"}")).isEqualTo(image.length);
        assertThat(value(metrics, "cellota_delivery_responses_total{transport=\"coap\"}"))
                .as("at most 1024 bytes a block").isGreaterThanOrEqualTo(Math.ceil(image.length / 1024.0));
        assertThat(value(metrics, "cellota_delivery_bytes_total{transport=\"coaps\"}")).isZero();
        assertThat(value(metrics, "cellota_delivery_bytes_total{transport=\"http\"}")).isZero();
        assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ", "process_uptime_seconds ",
                "system_cpu_count ", "process_files_open_files ");
    }

    @Test
    void after_a_restart_the_gauges_show_the_update_still_under_way() throws Exception {
        givenServer("");
        String firmware = upload(TestDevices.image("2.0.0", 4_000));
        String update = startUpdate("met-asleep", firmware, "coap");
        String phase = json(get("/api/v1/updates/" + update, API_TOKEN)).at("/state").asText().toLowerCase(Locale.ROOT);
        String series = "cellota_updates_active{phase=\"" + phase + "\"}";
        assertThat(value(scrape(), series)).as("the device never registered: its commands wait").isEqualTo(1);

        server.close();
        givenServer("");

        String metrics = scrape();
        assertThat(value(metrics, series)).isEqualTo(1);
        assertThat(sum(metrics, "cellota_updates_active{")).isEqualTo(1);
        assertThat(value(metrics, "cellota_updates_submitted_total")).as("counters start again at zero").isZero();
    }

    @Test
    void with_a_metrics_token_a_scrape_needs_exactly_that_token() throws Exception {
        givenServer("scrape-secret");

        HttpResponse<String> anonymous = get("/metrics", null);
        HttpResponse<String> withApiToken = get("/metrics", API_TOKEN);
        HttpResponse<String> withMetricsToken = get("/metrics", "scrape-secret");

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(anonymous.body()).doesNotContain("cellota_");
        assertThat(withApiToken.statusCode()).isEqualTo(401);
        assertThat(withMetricsToken.statusCode()).isEqualTo(200);
        assertThat(value(withMetricsToken.body(), "cellota_devices_registered")).isZero();
        assertThat(get("/api/v1/devices", API_TOKEN).statusCode()).as("the API keeps its own token").isEqualTo(200);
    }

    private void givenServer(String metricsToken) throws Exception {
        Path key = dir.resolve("signing.pub.pem");
        Files.writeString(key, PemKeys.publicPem(TestDevices.SIGNING_KEY.publicKey()));
        server = CellotaServer.start(new ServerConfigLoader().override("data.dir", dir.resolve("server"))
                .override("coap.host", "127.0.0.1").override("coap.port", 0)
                .override("coaps.host", "127.0.0.1").override("coaps.port", 0)
                .override("http.host", "127.0.0.1").override("http.port", 0).override("public.host", "127.0.0.1")
                .override("trusted.keys", key).override("coap.ack.timeout", "1s").override("api.token", API_TOKEN)
                .override("metrics.token", metricsToken).load(), Clock.systemUTC());
    }

    private SimulatedDevice registered(String endpoint) throws Exception {
        DeviceConfig c = TestDevices.config(endpoint, server.lwm2m().coapUri(), new DeviceCredentials.NoSec(),
                dir.resolve(endpoint));
        SimulatedDevice device = SimulatedDevice.create(c, DEVICES, Clock.systemUTC());
        closing.add(device);
        device.powerOn();
        await().atMost(WAIT).until(() -> value(scrape(), "cellota_devices_registered") == 1);
        return device;
    }

    private String upload(byte[] image) throws Exception {
        HttpResponse<String> r = http.send(request("/api/v1/firmware?type=mcuboot", API_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofByteArray(image)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        assertThat(json(r).at("/size").asLong()).isEqualTo(image.length);
        return json(r).at("/id").asText();
    }

    private String startUpdate(String endpoint, String firmwareId, String protocol) throws Exception {
        HttpResponse<String> r = http.send(request("/api/v1/devices/" + endpoint + "/updates", API_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"firmwareId\":\"" + firmwareId + "\",\"protocol\":\""
                        + protocol + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).at("/id").asText();
    }

    private JsonNode awaitFinal(String updateId) {
        return await().atMost(WAIT).until(() -> json(get("/api/v1/updates/" + updateId, API_TOKEN)),
                u -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(u.at("/state").asText()));
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = get("/metrics", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> get(String path, String bearer) throws Exception {
        return http.send(request(path, bearer).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String bearer) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpAddress().getPort()
                + path));
        return bearer == null ? b : b.header("Authorization", "Bearer " + bearer);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return RestServer.JSON.readTree(r.body());
    }

    /** The value of one series, {@code name} or {@code name{labels}} exactly as the text format writes it. */
    private static double value(String scrape, String series) {
        return scrape.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(MetricsIT::sampleValue).findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in the scrape"));
    }

    /** The sum of every series whose line starts with {@code prefix}, e.g. {@code name{}: all its labels. */
    private static double sum(String scrape, String prefix) {
        List<String> lines = scrape.lines().filter(l -> l.startsWith(prefix)).toList();
        assertThat(lines).as("series " + prefix).isNotEmpty();
        return lines.stream().mapToDouble(MetricsIT::sampleValue).sum();
    }

    private static double sampleValue(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
