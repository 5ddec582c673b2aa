package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.sim.DeviceConfig;
import io.cellota.device.sim.FaultPlan;
import io.cellota.device.sim.SimulatedDevice;
import io.cellota.device.testkit.TestDevices;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.server.config.ServerConfig;
import io.cellota.server.config.ServerConfigLoader;
import io.cellota.server.rest.RestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole server with simulated devices, through its REST API: an operator uploads a signed image, starts an
 * update for a device, and the device ends up running it — over CoAPs with PSK, over CoAP with a token, over
 * HTTP, by push; a failing device's Update Result surfaces through the API; and the server survives a restart
 * in the middle of an update.
 */
class ServerUpdateIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final ClientResources DEVICES = ClientResources.create(CoapTiming.LOOPBACK, 8);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private CellotaServer server;
    private ServerConfig config;

    @BeforeEach
    void start() throws Exception {
        Path key = dir.resolve("signing.pub.pem");
        java.nio.file.Files.writeString(key, PemKeys.publicPem(TestDevices.SIGNING_KEY.publicKey()));
        config = new ServerConfigLoader().override("data.dir", dir.resolve("server")).override("coap.host", "127.0.0.1")
                .override("coap.port", 0).override("coaps.host", "127.0.0.1").override("coaps.port", 0)
                .override("http.host", "127.0.0.1").override("http.port", 0).override("public.host", "127.0.0.1")
                .override("trusted.keys", key).override("coap.ack.timeout", "1s").override("api.token", "it-token")
                .load();
        server = CellotaServer.start(config, Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        server.close();
    }

    @AfterAll
    static void release() {
        DEVICES.close();
    }

    private HttpResponse<String> call(String method, String path, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort() + path))
                .header("Authorization", "Bearer it-token").method(method, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String hostPort() {
        return "127.0.0.1:" + server.httpAddress().getPort();
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return RestServer.JSON.readTree(r.body());
    }

    private SimulatedDevice device(String endpoint, boolean secure, FaultPlan faults) throws Exception {
        DeviceCredentials credentials = new DeviceCredentials.NoSec();
        URI uri = server.lwm2m().coapUri();
        if (secure) {
            DeviceCredentials.Psk psk = TestDevices.psk(endpoint);
            HttpResponse<String> put = call("PUT", "/api/v1/devices/" + endpoint + "/credentials",
                    HttpRequest.BodyPublishers.ofString("{\"mode\":\"psk\",\"identity\":\"" + psk.identity()
                            + "\",\"key\":\"" + HexFormat.of().formatHex(psk.key()) + "\"}"));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
            credentials = psk;
            uri = server.lwm2m().coapsUri();
        }
        DeviceConfig c = TestDevices.config(endpoint, uri, credentials, dir.resolve(endpoint)).withFaults(faults);
        SimulatedDevice device = SimulatedDevice.create(c, DEVICES, Clock.systemUTC());
        closing.add(device);
        device.powerOn();
        await().atMost(WAIT).until(() -> json(call("GET", "/api/v1/devices/" + endpoint, HttpRequest.BodyPublishers.noBody()))
                .at("/registered").asBoolean(false));
        return device;
    }

    private String upload(String version) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/firmware?type=mcuboot",
                HttpRequest.BodyPublishers.ofByteArray(TestDevices.image(version, 24_000)));
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return json(r).at("/id").asText();
    }

    private String startUpdate(String endpoint, String firmwareId, String extra) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/devices/" + endpoint + "/updates",
                HttpRequest.BodyPublishers.ofString("{\"firmwareId\":\"" + firmwareId + "\"" + extra + "}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).at("/id").asText();
    }

    private JsonNode awaitFinal(String updateId) {
        return await().atMost(WAIT).until(() -> json(call("GET", "/api/v1/updates/" + updateId,
                HttpRequest.BodyPublishers.noBody())), u -> List.of("SUCCEEDED", "FAILED", "CANCELLED")
                .contains(u.at("/state").asText()));
    }

    @Test
    void a_pull_over_coaps_with_psk_installs_the_image_and_the_api_reports_success() throws Exception {
        SimulatedDevice device = device("srv-coaps", true, FaultPlan.NONE);
        String firmware = upload("1.1.0");

        String update = startUpdate("srv-coaps", firmware, ",\"delivery\":\"pull\",\"protocol\":\"coaps\"");

        JsonNode done = awaitFinal(update);
        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/updateResult").asInt()).isEqualTo(1);
        assertThat(device.runningVersion().orElseThrow()).hasToString("1.1.0+0");
        JsonNode history = json(call("GET", "/api/v1/updates/" + update + "/history", HttpRequest.BodyPublishers.noBody()));
        assertThat(history).extracting(e -> e.at("/to").asText()).contains("DOWNLOADING", "INSTALLING", "SUCCEEDED");
    }

    @Test
    void a_pull_over_plain_coap_uses_a_token_and_a_pull_over_http_too() throws Exception {
        SimulatedDevice coap = device("srv-coap", false, FaultPlan.NONE);
        SimulatedDevice web = device("srv-http", false, FaultPlan.NONE);
        String firmware = upload("1.2.0");

        String viaCoap = startUpdate("srv-coap", firmware, ",\"protocol\":\"coap\"");
        String viaHttp = startUpdate("srv-http", firmware, ",\"protocol\":\"http\"");

        assertThat(awaitFinal(viaCoap).at("/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(awaitFinal(viaHttp).at("/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(coap.runningVersion().orElseThrow()).hasToString("1.2.0+0");
        assertThat(web.runningVersion().orElseThrow()).hasToString("1.2.0+0");
    }

    @Test
    void a_push_installs_the_image() throws Exception {
        SimulatedDevice device = device("srv-push", true, FaultPlan.NONE);
        String firmware = upload("1.3.0");

        JsonNode done = awaitFinal(startUpdate("srv-push", firmware, ",\"delivery\":\"push\""));

        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(device.runningVersion().orElseThrow()).hasToString("1.3.0+0");
    }

    @Test
    void a_device_whose_new_firmware_crashes_fails_with_update_result_8_and_its_meaning() throws Exception {
        device("srv-crash", false, FaultPlan.NONE.withNewFirmwareCrashes(true));
        String firmware = upload("1.4.0");

        JsonNode done = awaitFinal(startUpdate("srv-crash", firmware, ""));

        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("FAILED");
        assertThat(done.at("/updateResult").asInt()).isEqualTo(8);
        assertThat(done.at("/updateResultMeaning").asText()).isEqualTo("Firmware update failed");
    }

    @Test
    void bad_uploads_are_refused_with_their_reason_and_the_api_needs_a_token() throws Exception {
        byte[] tampered = TestDevices.image("9.9.9", 2_000);
        tampered[0x200 + 7] ^= 1;

        HttpResponse<String> r = call("POST", "/api/v1/firmware", HttpRequest.BodyPublishers.ofByteArray(tampered));
        HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort()
                + "/api/v1/firmware")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("invalid_firmware");
        assertThat(json(r).at("/error/message").asText()).contains("hash");
        assertThat(noToken.statusCode()).isEqualTo(401);
    }

    @Test
    void an_update_in_flight_continues_after_the_server_restarts() throws Exception {
        SimulatedDevice device = device("srv-restart", true, FaultPlan.NONE);
        String firmware = upload("2.0.0");
        String update = startUpdate("srv-restart", firmware, ",\"protocol\":\"coaps\"");
        await().atMost(WAIT).until(() -> json(call("GET", "/api/v1/updates/" + update, HttpRequest.BodyPublishers.noBody()))
                .at("/state").asText(), s -> List.of("DOWNLOADING", "DOWNLOADED", "INSTALLING", "CONFIRMING").contains(s));

        int coapPort = server.lwm2m().coapUri().getPort();
        int coapsPort = server.lwm2m().coapsUri().getPort();
        server.close();
        server = CellotaServer.start(new ServerConfigLoader().override("data.dir", dir.resolve("server"))
                .override("coap.host", "127.0.0.1").override("coap.port", coapPort)
                .override("coaps.host", "127.0.0.1").override("coaps.port", coapsPort)
                .override("http.host", "127.0.0.1").override("http.port", 0).override("public.host", "127.0.0.1")
                .override("trusted.keys", dir.resolve("signing.pub.pem")).override("coap.ack.timeout", "1s")
                .override("api.token", "it-token").load(), Clock.systemUTC());
        device.wakeUp();

        JsonNode done = awaitFinal(update);
        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/attempt").asInt()).as("the download survived the restart, no retry needed").isEqualTo(1);
        assertThat(device.runningVersion().orElseThrow()).hasToString("2.0.0+0");
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
