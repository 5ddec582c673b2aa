package io.cellota.server.app;

import static io.cellota.server.app.ServerRig.WAIT;
import static io.cellota.server.app.ServerRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.sim.SimulatedDevice;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    private static final ClientResources DEVICES = ClientResources.create(CoapTiming.LOOPBACK, 4);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private ServerRig rig;

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    @AfterAll
    static void release() {
        DEVICES.close();
    }

    @Test
    void a_pull_over_coap_shows_the_device_the_finished_update_and_every_byte_served() throws Exception {
        rig = ServerRig.start(dir, DEVICES, Map.of());
        SimulatedDevice device = rig.device("met-coap", false, c -> c);
        await().atMost(WAIT).until(() -> value(scrape(), "cellota_registrations_total") == 1);
        String firmware = rig.upload("1.1.0");
        long size = rig.getJson("/api/v1/firmware/" + firmware).at("/size").asLong();

        JsonNode done = rig.awaitFinal(rig.startUpdate("met-coap", firmware, ",\"protocol\":\"coap\""));

        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(device.runningVersion().orElseThrow()).hasToString("1.1.0+0");
        await().atMost(WAIT).untilAsserted(() -> {
            String metrics = scrape();
            assertThat(value(metrics, "cellota_devices_registered")).isEqualTo(1);
            assertThat(value(metrics, "cellota_registrations_total")).as("again after the reboot into 1.1.0")
                    .isEqualTo(2);
            assertThat(value(metrics, "cellota_deregistrations_total")).isZero();
            assertThat(value(metrics, "cellota_updates_submitted_total")).isEqualTo(1);
            assertThat(value(metrics, "cellota_updates_finished_total{phase=\"succeeded\"}")).isEqualTo(1);
            assertThat(value(metrics, "cellota_updates_finished_total{phase=\"failed\"}")).isZero();
            assertThat(value(metrics, "cellota_updates_retries_total")).isZero();
            assertThat(sum(metrics, "cellota_updates_active{")).as("nothing under way").isZero();
        });
        String metrics = scrape();
        assertThat(value(metrics, "cellota_delivery_bytes_total{transport=\"coap\"}")).isEqualTo(size);
        assertThat(value(metrics, "cellota_delivery_responses_total{transport=\"coap\"}"))
                .as("at most 1024 bytes a block").isGreaterThanOrEqualTo(Math.ceil(size / 1024.0));
        assertThat(value(metrics, "cellota_delivery_bytes_total{transport=\"coaps\"}")).isZero();
        assertThat(value(metrics, "cellota_delivery_bytes_total{transport=\"http\"}")).isZero();
        assertThat(metrics).contains("jvm_memory_used_bytes{", "jvm_threads_live_threads ", "process_uptime_seconds ",
                "system_cpu_count ", "process_files_open_files ");
    }

    @Test
    void the_scrape_is_the_prometheus_text_format_and_open_by_default() throws Exception {
        rig = ServerRig.start(dir, DEVICES, Map.of());

        HttpResponse<String> r = rig.getWithoutToken("/metrics");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain")
                .contains("version=0.0.4");
        assertThat(r.body()).contains("# TYPE cellota_devices_registered gauge", "cellota_devices_registered 0.0");
    }

    @Test
    void after_a_restart_the_gauges_show_the_update_still_under_way() throws Exception {
        rig = ServerRig.start(dir, DEVICES, Map.of());
        String firmware = rig.upload("2.0.0");
        String update = rig.startUpdate("met-asleep", firmware, ",\"protocol\":\"coap\"");
        String phase = rig.update(update).at("/state").asText().toLowerCase(Locale.ROOT);
        String series = "cellota_updates_active{phase=\"" + phase + "\"}";
        assertThat(value(scrape(), series)).as("the device never registered: its commands wait").isEqualTo(1);

        rig.restart();

        String metrics = scrape();
        assertThat(value(metrics, series)).isEqualTo(1);
        assertThat(sum(metrics, "cellota_updates_active{")).isEqualTo(1);
        assertThat(value(metrics, "cellota_updates_submitted_total")).as("counters start again at zero").isZero();
    }

    @Test
    void with_a_metrics_token_a_scrape_needs_exactly_that_token() throws Exception {
        rig = ServerRig.start(dir, DEVICES, Map.of("metrics.token", "scrape-secret"));

        HttpResponse<String> anonymous = rig.getWithoutToken("/metrics");
        HttpResponse<String> withApiToken = rig.get("/metrics");
        HttpResponse<String> withMetricsToken = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + rig.server().httpAddress().getPort() + "/metrics")).header("Authorization", "Bearer scrape-secret")
                .GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Bearer");
        assertThat(json(anonymous).at("/error/code").asText()).isEqualTo("unauthorized");
        assertThat(anonymous.body()).doesNotContain("cellota_");
        assertThat(withApiToken.statusCode()).as("the API token is not the metrics token").isEqualTo(401);
        assertThat(withMetricsToken.statusCode()).isEqualTo(200);
        assertThat(value(withMetricsToken.body(), "cellota_devices_registered")).isZero();
        assertThat(rig.get("/api/v1/devices").statusCode()).as("the API keeps its own token").isEqualTo(200);
    }

    private String scrape() throws Exception {
        HttpResponse<String> r = rig.getWithoutToken("/metrics");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
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
