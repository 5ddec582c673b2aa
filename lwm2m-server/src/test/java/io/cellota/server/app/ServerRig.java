package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.sim.DeviceConfig;
import io.cellota.device.sim.SimulatedDevice;
import io.cellota.device.testkit.TestDevices;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.server.config.ServerConfigLoader;
import io.cellota.server.rest.RestServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The whole server on loopback and ephemeral ports, driven through its REST API as an operator would, with
 * simulated devices: start it, add devices (with or without credentials), upload images, start updates, wait for
 * their end, restart the server on the same data and ports. Closes its devices and the server.
 */
final class ServerRig implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String TOKEN = "it-token";

    private final Path dir;
    private final ClientResources devices;
    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private CellotaServer server;
    private boolean running;

    private ServerRig(Path dir, ClientResources devices) {
        this.dir = dir;
        this.devices = devices;
    }

    /** A started server in {@code dir}, with {@code extra} settings over the loopback defaults. */
    static ServerRig start(Path dir, ClientResources devices, Map<String, Object> extra) throws Exception {
        ServerRig rig = new ServerRig(dir, devices);
        Path key = dir.resolve("signing.pub.pem");
        Files.writeString(key, PemKeys.publicPem(TestDevices.SIGNING_KEY.publicKey()));
        rig.overrides.putAll(Map.of("data.dir", dir.resolve("server"), "coap.host", "127.0.0.1", "coap.port", 0,
                "coaps.host", "127.0.0.1", "coaps.port", 0, "http.host", "127.0.0.1", "http.port", 0,
                "public.host", "127.0.0.1", "trusted.keys", key, "coap.ack.timeout", "1s"));
        rig.overrides.put("api.token", TOKEN);
        rig.overrides.putAll(extra);
        rig.server = CellotaServer.start(rig.config(), Clock.systemUTC());
        rig.running = true;
        return rig;
    }

    private io.cellota.server.config.ServerConfig config() {
        ServerConfigLoader loader = new ServerConfigLoader();
        overrides.forEach(loader::override);
        return loader.load();
    }

    CellotaServer server() {
        return server;
    }

    /** Closes the server and starts it again on the same data directory and LwM2M ports. */
    void restart() throws Exception {
        restart(Map.of());
    }

    /** {@link #restart()} with {@code more} settings. */
    void restart(Map<String, Object> more) throws Exception {
        stop();
        overrides.putAll(more);
        startAgain();
    }

    /** Kills the server: closes it without starting it again. */
    void stop() {
        overrides.put("coap.port", server.lwm2m().coapUri().getPort());
        overrides.put("coaps.port", server.lwm2m().coapsUri().getPort());
        running = false;
        server.close();
    }

    /** Starts a stopped server on the same data directory and LwM2M ports. */
    void startAgain() throws Exception {
        server = CellotaServer.start(config(), Clock.systemUTC());
        running = true;
    }

    HttpResponse<String> call(String method, String path, HttpRequest.BodyPublisher body) throws IOException,
            InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + path))
                .header("Authorization", "Bearer " + TOKEN).method(method, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return call("GET", path, HttpRequest.BodyPublishers.noBody());
    }

    HttpResponse<String> getWithoutToken(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return RestServer.JSON.readTree(r.body());
    }

    JsonNode getJson(String path) throws IOException, InterruptedException {
        return json(get(path));
    }

    /** Registers {@code endpoint}'s PSK through the API and returns it. */
    DeviceCredentials.Psk pskFor(String endpoint) throws Exception {
        DeviceCredentials.Psk psk = TestDevices.psk(endpoint);
        HttpResponse<String> put = call("PUT", "/api/v1/devices/" + endpoint + "/credentials",
                HttpRequest.BodyPublishers.ofString("{\"mode\":\"psk\",\"identity\":\"" + psk.identity()
                        + "\",\"key\":\"" + HexFormat.of().formatHex(psk.key()) + "\"}"));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return psk;
    }

    /** A powered-on device, registered: over CoAPs with a PSK made for it when {@code secure}, else over CoAP. */
    SimulatedDevice device(String endpoint, boolean secure, UnaryOperator<DeviceConfig> tune) throws Exception {
        DeviceCredentials credentials = secure ? pskFor(endpoint) : new DeviceCredentials.NoSec();
        URI uri = secure ? server.lwm2m().coapsUri() : server.lwm2m().coapUri();
        return device(tune.apply(TestDevices.config(endpoint, uri, credentials, dir.resolve(endpoint))));
    }

    /** A powered-on device with {@code config}, once the API shows it registered. */
    SimulatedDevice device(DeviceConfig config) throws Exception {
        SimulatedDevice device = SimulatedDevice.create(config, devices, Clock.systemUTC());
        closing.add(device);
        device.powerOn();
        await().atMost(WAIT).until(() -> getJson("/api/v1/devices/" + config.endpoint()).at("/registered")
                .asBoolean(false));
        return device;
    }

    /** Uploads a signed MCUboot image of {@code version}; returns its firmware id. */
    String upload(String version) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/firmware?type=mcuboot",
                HttpRequest.BodyPublishers.ofByteArray(TestDevices.image(version, 24_000)));
        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        return json(r).at("/id").asText();
    }

    /** Starts an update; {@code extra} is more JSON members, each starting with a comma. */
    String startUpdate(String endpoint, String firmwareId, String extra) throws Exception {
        HttpResponse<String> r = call("POST", "/api/v1/devices/" + endpoint + "/updates",
                HttpRequest.BodyPublishers.ofString("{\"firmwareId\":\"" + firmwareId + "\"" + extra + "}"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).at("/id").asText();
    }

    JsonNode update(String updateId) throws Exception {
        return getJson("/api/v1/updates/" + updateId);
    }

    JsonNode awaitFinal(String updateId) {
        return await().atMost(WAIT).until(() -> update(updateId), u -> List.of("SUCCEEDED", "FAILED", "CANCELLED")
                .contains(u.at("/state").asText()));
    }

    JsonNode awaitState(String updateId, String... states) {
        return await().atMost(WAIT).until(() -> update(updateId), u -> List.of(states).contains(u.at("/state").asText()));
    }

    JsonNode history(String updateId) throws Exception {
        return getJson("/api/v1/updates/" + updateId + "/history");
    }

    @Override
    public void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        if (running) {
            server.close();
        }
    }
}
