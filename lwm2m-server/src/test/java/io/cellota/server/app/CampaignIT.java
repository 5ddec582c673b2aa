package io.cellota.server.app;

import static io.cellota.server.app.ServerRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.link.ImpairmentProxy;
import io.cellota.device.link.LinkProfile;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.sim.FaultPlan;
import io.cellota.device.sim.SimulatedDevice;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign over a fleet of simulated devices, through the REST API, end to end: the devices are tagged, two of
 * them are set to fail (their new firmware crashes, MCUboot reverts it: Update Result 8) and named first, so they
 * are in the canary; the canary's failures cross its failure threshold and the campaign pauses itself, saying why,
 * with no device beyond the canary started; the operator resumes; the server is restarted while the second wave
 * runs; and the campaign finishes with every device accounted for exactly once, each updated by one update.
 *
 * <p>Everything goes over an emulated LTE-M link (the impairment proxy). The fleet size is
 * {@code -Dcellota.campaign.devices} (20 by default; the 200 is a run of its own).
 */
class CampaignIT {

    private static final int DEVICES = Integer.getInteger("cellota.campaign.devices", 20);
    private static final int CANARY = 4;
    private static final ClientResources RESOURCES = ClientResources.create(CoapTiming.LOOPBACK, DEVICES);
    /** Room for each step: the fleet downloads six at a time (the campaign's cap), about 3 s a device here. */
    private static final Duration WAIT = Duration.ofSeconds(60 + 3L * DEVICES);

    @TempDir
    Path dir;

    private ServerRig rig;
    private ImpairmentProxy link;
    private final Map<String, SimulatedDevice> fleet = new LinkedHashMap<>();

    /**
     * The server behind an emulated LTE-M link: devices register, and pull their packages, through the impairment
     * proxy (Package URIs name its port); the server keeps its CoAP port across the restart, so the link stays.
     */
    @BeforeEach
    void start() throws Exception {
        int serverPort;
        try (java.net.DatagramSocket probe = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            serverPort = probe.getLocalPort();
        }
        link = ImpairmentProxy.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort),
                LinkProfile.LTE_M, 11L);
        rig = ServerRig.start(dir, RESOURCES, Map.of("coap.port", serverPort, "public.coap.port",
                link.address().getPort()));
    }

    @AfterEach
    void stop() throws Exception {
        rig.close();
        link.close();
    }

    @AfterAll
    static void release() {
        RESOURCES.close();
    }

    @Test
    void a_canary_with_failing_devices_pauses_the_campaign_which_survives_a_restart_and_accounts_for_every_device()
            throws Exception {
        List<String> crashing = List.of("cmp-crash-a", "cmp-crash-b");
        for (String endpoint : crashing) {
            add(endpoint, FaultPlan.NONE.withNewFirmwareCrashes(true));
        }
        for (int i = 0; fleet.size() < DEVICES; i++) {
            add(String.format("cmp-dev-%03d", i), FaultPlan.NONE);
        }
        String firmware = rig.upload("2.0.0");
        String campaign = json(post("/api/v1/campaigns", "{\"name\": \"it\", \"firmwareId\": \"" + firmware + "\","
                + " \"target\": {\"endpoints\": [\"cmp-crash-a\", \"cmp-crash-b\"], \"tags\": [\"it-fleet\"]},"
                + " \"waves\": [{\"devices\": " + CANARY + ", \"successThreshold\": 100, \"failureThreshold\": 25},"
                + " {\"upToPercent\": 100}],"
                + " \"pacing\": {\"maxConcurrent\": 6, \"maxPerCell\": 6},"
                + " \"policy\": {\"protocol\": \"coap\"}}", 201)).at("/id").asText();
        String path = "/api/v1/campaigns/" + campaign;

        post(path + "/start", "", 200);

        JsonNode paused = await().atMost(WAIT).until(() -> rig.getJson(path),
                c -> c.at("/status").asText().equals("PAUSED"));
        assertThat(paused.at("/pause/kind").asText()).isEqualTo("FAILURE_THRESHOLD");
        assertThat(paused.at("/pause/reason").asText()).contains("the canary (wave 1): 2 of 4 devices failed",
                "Update Result 8: Firmware update failed");
        assertThat(paused.at("/waves/1/openedAt").isMissingNode()).isTrue();
        assertThat(devices(path, "").stream().filter(d -> d.at("/wave").asInt() == 2))
                .as("nothing beyond the canary started").allSatisfy(d -> assertThat(d.at("/attempt").asInt()).isZero());

        await().atMost(WAIT).until(() -> devices(path, "").stream().filter(d -> d.at("/wave").asInt() == 1)
                .allMatch(d -> List.of("SUCCEEDED", "FAILED").contains(d.at("/state").asText())));
        post(path + "/resume", "", 200);
        JsonNode before = await().atMost(WAIT).until(() -> rig.getJson(path),
                c -> c.at("/counts/SUCCEEDED").asInt() >= CANARY);
        assertThat(before.at("/counts/PENDING").asInt() + before.at("/counts/STARTING").asInt()
                + before.at("/counts/RUNNING").asInt()).as("the restart comes in the middle").isPositive();

        rig.restart();
        fleet.values().forEach(SimulatedDevice::wakeUp);

        JsonNode finished = await().atMost(WAIT).until(() -> rig.getJson(path),
                c -> c.at("/status").asText().equals("FINISHED"));
        assertThat(finished.at("/total").asInt()).isEqualTo(DEVICES);
        assertThat(finished.at("/counts/SUCCEEDED").asInt()).isEqualTo(DEVICES - 2);
        assertThat(finished.at("/counts/FAILED").asInt()).isEqualTo(2);
        assertThat(finished.at("/failures/0/updateResult").asInt()).isEqualTo(8);
        assertThat(finished.at("/failures/0/devices").asInt()).isEqualTo(2);
        List<JsonNode> members = devices(path, "");
        Set<String> endpoints = new HashSet<>();
        for (JsonNode d : members) {
            String endpoint = d.at("/endpoint").asText();
            assertThat(endpoints.add(endpoint)).as("in the campaign once: " + endpoint).isTrue();
            assertThat(d.at("/attempt").asInt()).as("one update of " + endpoint).isEqualTo(1);
            assertThat(rig.getJson("/api/v1/devices/" + endpoint + "/updates").at("/total").asInt())
                    .as("the server started one update for " + endpoint).isEqualTo(1);
            String expected = crashing.contains(endpoint) ? "1.0.0+0" : "2.0.0+0";
            assertThat(fleet.get(endpoint).runningVersion().orElseThrow()).as(endpoint).hasToString(expected);
        }
        assertThat(endpoints).containsExactlyInAnyOrderElementsOf(fleet.keySet());
        assertThat(devices(path, "?state=FAILED")).extracting(d -> d.at("/endpoint").asText())
                .containsExactlyInAnyOrderElementsOf(crashing);
    }

    @Test
    void a_device_registering_while_a_dynamic_campaign_runs_joins_its_last_wave_and_is_updated() throws Exception {
        add("dyn-first", FaultPlan.NONE);
        String firmware = rig.upload("2.1.0");
        String campaign = json(post("/api/v1/campaigns", "{\"name\": \"dynamic\", \"firmwareId\": \"" + firmware
                + "\", \"target\": {\"tags\": [\"it-fleet\"], \"dynamic\": true},"
                + " \"waves\": [{\"devices\": 1}, {\"upToPercent\": 100}], \"policy\": {\"protocol\": \"coap\"}}",
                201)).at("/id").asText();
        String path = "/api/v1/campaigns/" + campaign;
        post(path + "/start", "", 200);
        await().atMost(WAIT).until(() -> rig.getJson(path).at("/counts/SUCCEEDED").asInt() == 1);

        HttpResponse<String> tag = rig.call("PUT", "/api/v1/devices/dyn-late/tags",
                HttpRequest.BodyPublishers.ofString("{\"tags\": [\"it-fleet\"]}"));
        assertThat(tag.statusCode()).as(tag.body()).isEqualTo(200);
        SimulatedDevice late = rig.device("dyn-late", false, c -> c.withServer(
                URI.create("coap://127.0.0.1:" + link.address().getPort()), new DeviceCredentials.NoSec()));

        JsonNode joined = await().atMost(WAIT).until(() -> devices(path, "?state=SUCCEEDED"), d -> d.size() == 2)
                .get(1);
        assertThat(joined.at("/endpoint").asText()).isEqualTo("dyn-late");
        assertThat(joined.at("/wave").asInt()).isEqualTo(2);
        assertThat(joined.at("/note").asText()).startsWith("succeeded");
        assertThat(late.runningVersion().orElseThrow()).hasToString("2.1.0+0");
        assertThat(rig.getJson(path).at("/status").asText()).as("a dynamic campaign without an end runs on")
                .isEqualTo("RUNNING");
    }

    private void add(String endpoint, FaultPlan faults) throws Exception {
        fleet.put(endpoint, rig.device(endpoint, false, c -> c.withFaults(faults).withServer(
                URI.create("coap://127.0.0.1:" + link.address().getPort()), new DeviceCredentials.NoSec())));
        HttpResponse<String> r = rig.call("PUT", "/api/v1/devices/" + endpoint + "/tags",
                HttpRequest.BodyPublishers.ofString("{\"tags\": [\"it-fleet\"]}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private HttpResponse<String> post(String path, String body, int status) throws Exception {
        HttpResponse<String> r = rig.call("POST", path, HttpRequest.BodyPublishers.ofString(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return r;
    }

    /** Every device of the campaign, page by page. */
    private List<JsonNode> devices(String path, String query) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        for (int offset = 0; ; offset += 50) {
            JsonNode page = rig.getJson(path + "/devices" + (query.isEmpty() ? "?" : query + "&") + "offset=" + offset
                    + "&limit=50");
            StreamSupport.stream(page.at("/items").spliterator(), false).forEach(all::add);
            if (offset + 50 >= page.at("/total").asInt()) {
                return all;
            }
        }
    }
}
