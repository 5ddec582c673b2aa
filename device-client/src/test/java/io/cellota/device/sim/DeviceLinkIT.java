package io.cellota.device.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.download.BlockFileResource;
import io.cellota.device.download.CoapFileServer;
import io.cellota.device.download.RangeHttpServer;
import io.cellota.device.link.ImpairmentProxy;
import io.cellota.device.link.LinkProfile;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.radio.PsmConfig;
import io.cellota.device.testkit.TestDevices;
import io.cellota.device.testserver.TestLwM2mServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.leshan.core.peer.IpPeer;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.server.registration.Registration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulated device over cellular conditions: a lossy LTE-M link with a NAT rebinding in the middle of a
 * DTLS download (Connection ID keeps the session), a NAT rebinding under the LwM2M session itself, power saving
 * that makes it unreachable between uplinks, and pulls over HTTP.
 */
class DeviceLinkIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ClientResources SHARED = ClientResources.create(CoapTiming.LOOPBACK, 4);

    @TempDir
    Path dir;

    private TestLwM2mServer server;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() {
        server = new TestLwM2mServer();
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
        SHARED.close();
    }

    private <T extends AutoCloseable> T closing(T resource) {
        closing.add(resource);
        return resource;
    }

    private SimulatedDevice run(DeviceConfig config) throws Exception {
        SimulatedDevice device = closing(SimulatedDevice.create(config, SHARED, Clock.systemUTC()));
        device.powerOn();
        server.awaitRegistration(config.endpoint(), WAIT);
        return device;
    }

    @Test
    void a_dtls_download_over_a_lossy_lte_m_link_survives_a_nat_rebinding() throws Exception {
        CoapFileServer files = closing(CoapFileServer.dtls());
        BlockFileResource firmware = files.serve("fw.bin", TestDevices.image("3.0.0", 48_000));
        ImpairmentProxy toServer = closing(ImpairmentProxy.start(server.coapsAddress(), LinkProfile.LTE_M, 11));
        ImpairmentProxy toFiles = closing(ImpairmentProxy.start(files.address(), LinkProfile.LTE_M_LOSSY, 12));
        DeviceCredentials.Psk psk = new DeviceCredentials.Psk(CoapFileServer.PSK_IDENTITY, CoapFileServer.PSK_KEY);
        server.addPsk("dev-lossy", psk.identity(), psk.key());
        URI viaProxy = URI.create("coaps://" + address(toServer.address()));
        SimulatedDevice device = run(TestDevices.config("dev-lossy", viaProxy, psk, dir.resolve("d")));
        AtomicBoolean rebound = new AtomicBoolean();
        firmware.hook(request -> {
            if (request.num() == 20 && rebound.compareAndSet(false, true)) {
                toFiles.rebindAll();
            }
            return BlockFileResource.Reaction.SERVE;
        });

        server.writePackageUri("dev-lossy", files.uri("fw.bin", toFiles.address()).toString());

        await().atMost(WAIT).until(() -> device.firmwareUpdate().map(v -> v.status().state().code()).orElse(-1) == 2);
        assertThat(rebound).isTrue();
        assertThat(toFiles.stats().downlink().droppedTotal()).as("the link really lost datagrams").isPositive();
        assertThat(device.firmwareUpdate().orElseThrow().packageVersion()).isEqualTo("3.0.0+0");
    }

    @Test
    void a_dtls_device_keeps_its_session_and_registration_across_a_nat_rebinding() throws Exception {
        ImpairmentProxy nat = closing(ImpairmentProxy.start(server.coapsAddress(), LinkProfile.LOOPBACK, 13));
        DeviceCredentials.Psk psk = TestDevices.psk("dev-nat");
        server.addPsk("dev-nat", psk.identity(), psk.key());
        SimulatedDevice device = run(TestDevices.config("dev-nat", URI.create("coaps://" + address(nat.address())), psk,
                dir.resolve("nat")));
        Registration registered = server.registration("dev-nat");
        InetSocketAddress seenBefore = peer(registered);
        InetSocketAddress deviceSide = nat.devices().iterator().next();
        long uplinkBefore = nat.stats(deviceSide).orElseThrow().uplink().forwarded();

        assertThat(nat.rebindAll()).isEqualTo(1);
        device.wakeUp();

        await().atMost(WAIT).until(() -> !peer(server.registration("dev-nat")).equals(seenBefore));
        assertThat(peer(server.registration("dev-nat"))).isEqualTo(nat.upstreamAddress(deviceSide).orElseThrow());
        assertThat(server.registration("dev-nat").getId()).as("an Update, not a new Register")
                .isEqualTo(registered.getId());
        assertThat(nat.stats(deviceSide).orElseThrow().uplink().forwarded() - uplinkBefore)
                .as("one Update on the Connection ID session, no new handshake").isEqualTo(1);
        assertThat(server.readValue("dev-nat", "/3/0/3")).as("the server reaches the device at its new address")
                .isEqualTo("1.0.0+0");
    }

    private static InetSocketAddress peer(Registration registration) {
        return ((IpPeer) registration.getClientTransportData()).getSocketAddress();
    }

    @Test
    void a_device_in_power_saving_is_unreachable_until_its_next_uplink() throws Exception {
        DeviceConfig config = TestDevices.config("dev-psm", server.coapUri(), new DeviceCredentials.NoSec(),
                dir.resolve("psm")).withPsm(PsmConfig.of(Duration.ofSeconds(2), Duration.ofMinutes(10)), Optional.empty());
        SimulatedDevice device = run(config);
        assertThat(server.readValue("dev-psm", "/3/0/3")).isEqualTo("1.0.0+0");

        await().atMost(WAIT).until(() -> !device.psm().isReachable());
        ReadResponse asleep = server.send("dev-psm", new ReadRequest(3, 0, 3), Duration.ofSeconds(3));
        assertThat(asleep).as("no answer while asleep").isNull();
        assertThat(device.psm().droppedWhileAsleep()).isPositive();

        device.wakeUp();

        await().atMost(WAIT).until(() -> device.psm().isReachable());
        assertThat(server.readValue("dev-psm", "/3/0/3")).isEqualTo("1.0.0+0");
    }

    @Test
    void a_package_is_pulled_over_http_with_ranges() throws Exception {
        RangeHttpServer http = closing(RangeHttpServer.plain());
        http.serve("fw.bin", TestDevices.image("1.5.0", 50_000));
        SimulatedDevice device = run(TestDevices.config("dev-http", server.coapUri(), new DeviceCredentials.NoSec(),
                dir.resolve("http")));
        server.observeFirmwareUpdate("dev-http");

        server.writePackageUri("dev-http", http.uri("fw.bin").toString());

        await().atMost(WAIT).until(() -> device.firmwareUpdate().map(v -> v.status().state().code()).orElse(-1) == 2);
        assertThat(server.readValue("dev-http", "/5/0/7")).isEqualTo("1.5.0+0");
    }

    private static String address(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
