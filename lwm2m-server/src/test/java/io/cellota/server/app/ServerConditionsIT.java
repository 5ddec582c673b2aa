package io.cellota.server.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.download.CoapDownloadEndpoints;
import io.cellota.device.download.CoapDownloader;
import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.MemoryBlockSink;
import io.cellota.device.download.MemoryProgressStore;
import io.cellota.device.link.ImpairmentProxy;
import io.cellota.device.link.LinkProfile;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.radio.PsmConfig;
import io.cellota.device.sim.SimulatedDevice;
import io.cellota.device.testkit.TestDevices;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server under the conditions cellular devices bring: a lossy LTE-M link with a NAT rebinding, a device asleep
 * in power saving between the steps of its update, a device asking for a package that is not its to have, and a
 * server killed while a device installs.
 */
class ServerConditionsIT {

    private static final ClientResources DEVICES = ClientResources.create(CoapTiming.LOOPBACK, 8);

    @TempDir
    Path dir;

    private ServerRig rig;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2);

    @BeforeEach
    void start() throws Exception {
        rig = ServerRig.start(dir, DEVICES, Map.of("awake.time", "1s"));
    }

    @AfterEach
    void stop() throws Exception {
        executor.shutdownNow();
        rig.close();
    }

    @AfterAll
    static void release() {
        DEVICES.close();
    }

    @Test
    void a_device_asleep_between_steps_gets_each_step_when_it_wakes_and_nothing_while_it_sleeps() throws Exception {
        SimulatedDevice device = rig.device("srv-psm", true, c -> c.withQueueMode(true)
                .withPsm(PsmConfig.of(Duration.ofSeconds(2), Duration.ofMinutes(10)), Optional.of(Duration.ofSeconds(4))));
        String firmware = rig.upload("3.0.0");
        await().atMost(ServerRig.WAIT).until(() -> !device.psm().isReachable()
                && !rig.getJson("/api/v1/devices/srv-psm").at("/awake").asBoolean(true));

        String update = rig.startUpdate("srv-psm", firmware, "");

        JsonNode done = rig.awaitFinal(update);
        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(device.runningVersion().orElseThrow()).hasToString("3.0.0+0");
        assertThat(rig.history(update)).extracting(e -> e.at("/detail").asText())
                .anyMatch(d -> d.contains("held until it wakes"));
        assertThat(device.psm().droppedWhileAsleep()).as("the server sent nothing to the sleeping device").isZero();
    }

    @Test
    void operations_held_for_a_sleeping_device_go_when_it_wakes_in_order_and_their_answers_are_kept()
            throws Exception {
        SimulatedDevice device = rig.device("srv-held", true, c -> c.withQueueMode(true).withPsm(
                PsmConfig.of(Duration.ofSeconds(2), Duration.ofMinutes(10)), Optional.of(Duration.ofSeconds(4))));
        await().atMost(ServerRig.WAIT).until(() -> !device.psm().isReachable()
                && !rig.getJson("/api/v1/devices/srv-held").at("/awake").asBoolean(true));
        HttpResponse<String> now = rig.get("/api/v1/devices/srv-held/lwm2m?path=/3/0/0");

        JsonNode write = hold("{\"operation\":\"write\",\"path\":\"/1/0/2\",\"value\":45}");
        JsonNode read = hold("{\"operation\":\"read\",\"path\":\"/1/0/2\"}");
        JsonNode instance = hold("{\"operation\":\"read\",\"path\":\"/3/0\",\"expiresInSeconds\":600}");

        assertThat(now.statusCode()).as(now.body()).isEqualTo(409);
        assertThat(now.body()).contains("device_asleep").contains("/operations");
        for (JsonNode op : List.of(write, read, instance)) {
            JsonNode done = await().atMost(ServerRig.WAIT).until(() -> rig.getJson(
                    "/api/v1/devices/srv-held/operations/" + op.at("/id").asLong()),
                    o -> !List.of("QUEUED", "SENDING").contains(o.at("/status").asText()));
            assertThat(done.at("/status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(done.at("/attempts").asInt()).isEqualTo(1);
        }
        JsonNode readBack = rig.getJson("/api/v1/devices/srv-held/operations/" + read.at("/id").asLong());
        assertThat(readBack.at("/result/content/value").asLong()).as(readBack.toString()).isEqualTo(45);
        assertThat(rig.getJson("/api/v1/devices/srv-held/operations/" + instance.at("/id").asLong())
                .at("/result/content/kind").asText()).isEqualTo("instance");
        assertThat(rig.getJson("/api/v1/devices/srv-held/operations?status=SUCCEEDED").at("/total").asLong())
                .isEqualTo(3);
        assertThat(device.psm().droppedWhileAsleep()).as("the server sent nothing to the sleeping device").isZero();
        assertThat(holding("srv-held", "{\"operation\":\"write\",\"path\":\"/1/0\",\"value\":1}")
                .statusCode()).isEqualTo(400);
        assertThat(holding("nobody", "{\"operation\":\"read\",\"path\":\"/3/0/0\"}").statusCode()).isEqualTo(404);
    }

    @Test
    void one_operation_held_for_every_device_of_a_tag_reaches_each_when_it_wakes() throws Exception {
        List<SimulatedDevice> devices = new java.util.ArrayList<>();
        for (String endpoint : List.of("srv-tag-1", "srv-tag-2")) {
            devices.add(rig.device(endpoint, true, c -> c.withQueueMode(true).withPsm(
                    PsmConfig.of(Duration.ofSeconds(2), Duration.ofMinutes(10)), Optional.of(Duration.ofSeconds(4)))));
            assertThat(rig.call("PUT", "/api/v1/devices/" + endpoint + "/tags",
                    HttpRequest.BodyPublishers.ofString("{\"tags\":[\"psm-pilot\"]}")).statusCode()).isEqualTo(200);
        }
        for (SimulatedDevice device : devices) {
            String endpoint = device.config().endpoint();
            await().atMost(ServerRig.WAIT).until(() -> !device.psm().isReachable()
                    && !rig.getJson("/api/v1/devices/" + endpoint).at("/awake").asBoolean(true));
        }

        HttpResponse<String> r = rig.call("POST", "/api/v1/operations", HttpRequest.BodyPublishers.ofString(
                "{\"target\":{\"tags\":[\"psm-pilot\"]},\"operation\":\"write\",\"path\":\"/1/0/2\","
                + "\"value\":30}"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode batch = ServerRig.json(r);
        assertThat(batch.at("/held").size()).as(batch.toString()).isEqualTo(2);
        for (JsonNode held : batch.at("/held")) {
            String one = "/api/v1/devices/" + held.at("/endpoint").asText() + "/operations/" + held.at("/id").asLong();
            JsonNode done = await().atMost(ServerRig.WAIT).until(() -> rig.getJson(one),
                    o -> !List.of("QUEUED", "SENDING").contains(o.at("/status").asText()));
            assertThat(done.at("/status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        }
        for (SimulatedDevice device : devices) {
            assertThat(device.psm().droppedWhileAsleep()).isZero();
        }
    }

    private JsonNode hold(String body) throws Exception {
        HttpResponse<String> r = holding("srv-held", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode op = ServerRig.json(r);
        assertThat(op.at("/status").asText()).isIn("QUEUED", "SENDING", "SUCCEEDED");
        return op;
    }

    private HttpResponse<String> holding(String endpoint, String body) throws Exception {
        return rig.call("POST", "/api/v1/devices/" + endpoint + "/operations",
                HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void a_device_without_an_active_update_for_a_package_is_refused_it() throws Exception {
        SimulatedDevice owner = rig.device("srv-owner", true, c -> c);
        DeviceCredentials.Psk stranger = rig.pskFor("srv-stranger");
        String firmware = rig.upload("3.1.0");
        URI coaps = rig.server().lwm2m().coapsUri().resolve("/fw/" + firmware);
        URI coap = rig.server().lwm2m().coapUri().resolve("/fw/" + firmware);

        DownloadOutcome strangerOutcome = download(coaps, endpointFor(stranger));
        DownloadOutcome anonymous = download(coap, plainEndpoint());
        JsonNode done = rig.awaitFinal(rig.startUpdate("srv-owner", firmware, ",\"protocol\":\"coaps\""));
        DownloadOutcome ownerAfterwards = download(coaps, endpointFor(TestDevices.psk("srv-owner")));

        assertThat(done.at("/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(owner.runningVersion().orElseThrow()).hasToString("3.1.0+0");
        assertThat(strangerOutcome).isInstanceOfSatisfying(DownloadOutcome.Failed.class,
                f -> assertThat(f.message()).contains("4.03"));
        assertThat(anonymous).isInstanceOfSatisfying(DownloadOutcome.Failed.class,
                f -> assertThat(f.message()).contains("4.01"));
        assertThat(ownerAfterwards).as("the grant ends with the update").isInstanceOfSatisfying(
                DownloadOutcome.Failed.class, f -> assertThat(f.message()).contains("4.03"));
    }

    @Test
    void a_server_killed_while_the_device_installs_confirms_the_update_once_it_is_back() throws Exception {
        SimulatedDevice device = rig.device("srv-kill", true, c -> c);
        String firmware = rig.upload("3.2.0");
        String update = rig.startUpdate("srv-kill", firmware, "");
        rig.awaitState(update, "INSTALLING", "CONFIRMING");

        rig.stop();
        await().atMost(ServerRig.WAIT).until(() -> device.boots() == 2);
        rig.startAgain();

        JsonNode done = rig.awaitFinal(update);
        assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.at("/attempt").asInt()).isEqualTo(1);
        assertThat(device.runningVersion().orElseThrow()).hasToString("3.2.0+0");
        assertThat(device.boots()).as("Execute reached the device once").isEqualTo(2);
    }

    @Test
    void a_pull_over_a_lossy_lte_m_link_survives_a_nat_rebinding_mid_download() throws Exception {
        ImpairmentProxy link = ImpairmentProxy.start(
                new InetSocketAddress("127.0.0.1", rig.server().lwm2m().coapsUri().getPort()), LinkProfile.LTE_M_LOSSY, 21);
        rig.restart(Map.of("public.coaps.port", link.address().getPort()));
        try (link) {
            URI viaLink = URI.create("coaps://127.0.0.1:" + link.address().getPort());
            SimulatedDevice device = rig.device(TestDevices.config("srv-lossy", viaLink, rig.pskFor("srv-lossy"),
                    dir.resolve("srv-lossy")));
            String firmware = rig.upload("3.3.0");
            String update = rig.startUpdate("srv-lossy", firmware, ",\"protocol\":\"coaps\"");
            rig.awaitState(update, "DOWNLOADING");

            link.rebindAll();

            JsonNode done = rig.awaitFinal(update);
            assertThat(done.at("/state").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
            assertThat(done.at("/attempt").asInt()).isEqualTo(1);
            assertThat(device.runningVersion().orElseThrow()).hasToString("3.3.0+0");
            assertThat(link.stats().downlink().droppedTotal() + link.stats().uplink().droppedTotal())
                    .as("the link really lost datagrams").isPositive();
        }
    }

    private DownloadOutcome download(URI uri, CoapEndpoint endpoint) throws Exception {
        try {
            endpoint.start();
            CoapDownloader downloader = new CoapDownloader(endpoint, TestDevices.LOOPBACK_DOWNLOADS, executor,
                    Clock.systemUTC());
            return downloader.start(uri, new MemoryBlockSink(64 * 1024), new MemoryProgressStore(),
                    DownloadListener.NONE).outcome().toCompletableFuture().get(60, TimeUnit.SECONDS);
        } finally {
            endpoint.destroy();
        }
    }

    private CoapEndpoint endpointFor(DeviceCredentials.Psk psk) {
        return CoapDownloadEndpoints.psk(CoapDownloadEndpoints.configuration(), loopback(), psk.identity(), psk.key(),
                null);
    }

    private CoapEndpoint plainEndpoint() {
        return CoapDownloadEndpoints.plain(CoapDownloadEndpoints.configuration(), loopback(), null);
    }

    private static InetSocketAddress loopback() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    }
}
