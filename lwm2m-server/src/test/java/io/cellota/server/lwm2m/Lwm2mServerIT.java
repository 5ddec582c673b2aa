package io.cellota.server.lwm2m;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.sim.SimulatedDevice;
import io.cellota.device.testkit.TestDevices;
import io.cellota.server.devices.DeviceCredential;
import io.cellota.server.devices.InMemoryCredentialRepository;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.leshan.core.node.LwM2mSingleResource;
import org.eclipse.leshan.core.request.ReadRequest;
import org.eclipse.leshan.core.response.ReadResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our LwM2M server with simulated devices: registration over CoAP and CoAPs, credentials from the repository. */
class Lwm2mServerIT {

    private static final ClientResources DEVICES = ClientResources.create(CoapTiming.LOOPBACK, 4);

    @TempDir
    Path dir;

    @AfterAll
    static void release() {
        DEVICES.close();
    }

    private static Lwm2mServer.Settings loopback() {
        InetAddress lo = InetAddress.getLoopbackAddress();
        return new Lwm2mServer.Settings(new InetSocketAddress(lo, 0), new InetSocketAddress(lo, 0),
                ServerCoapSettings.CELLULAR.withAckTimeout(Duration.ofMillis(500)), Duration.ofSeconds(30), Optional.empty());
    }

    @Test
    void psk_and_nosec_devices_register_and_answer_reads_and_unknown_identities_are_refused() throws Exception {
        InMemoryCredentialRepository credentials = new InMemoryCredentialRepository();
        List<String> registered = new CopyOnWriteArrayList<>();
        try (Lwm2mServer server = Lwm2mServer.create(loopback(), credentials, new DeviceEvents() {
            @Override
            public void registered(String endpoint) {
                registered.add(endpoint);
            }
        })) {
            server.start();
            DeviceCredentials.Psk psk = TestDevices.psk("dev-psk");
            credentials.put(new DeviceCredential.Psk("dev-psk", psk.identity(), psk.key()));

            try (SimulatedDevice secure = SimulatedDevice.create(TestDevices.config("dev-psk", server.coapsUri(), psk,
                    dir.resolve("psk")), DEVICES, Clock.systemUTC());
                 SimulatedDevice plain = SimulatedDevice.create(TestDevices.config("dev-plain", server.coapUri(),
                         new DeviceCredentials.NoSec(), dir.resolve("plain")), DEVICES, Clock.systemUTC());
                 SimulatedDevice stranger = SimulatedDevice.create(TestDevices.config("dev-stranger", server.coapsUri(),
                         TestDevices.psk("dev-stranger"), dir.resolve("stranger")), DEVICES, Clock.systemUTC())) {
                secure.powerOn();
                plain.powerOn();
                stranger.powerOn();

                await().atMost(Duration.ofSeconds(30)).until(() -> registered.containsAll(List.of("dev-psk", "dev-plain")));
                ReadResponse version = server.send(server.registration("dev-psk").orElseThrow(), new ReadRequest(3, 0, 3),
                        Duration.ofSeconds(10)).toCompletableFuture().get();
                assertThat(((LwM2mSingleResource) version.getContent()).getValue()).isEqualTo("1.0.0+0");
                assertThat(server.registration("dev-stranger")).isEmpty();
            }
        }
    }
}
