package io.cellota.device.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.testkit.TestDevices;
import io.cellota.device.testserver.TestLwM2mServer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet costs the threads it shares and none per device: hundreds of devices, over DTLS with a pre-shared key
 * and over plain CoAP, register while the JVM's live thread count grows by a small constant. That constant is
 * the fleet's pools (sized here for 64 devices, whatever the fleet's size), its one datagram thread, and the
 * in-process test server's lazily started workers. With a receiver thread per connector it would grow by 600.
 * A resource assertion: nothing here is timed.
 */
class FleetThreadsIT {

    private static final Logger LOG = LoggerFactory.getLogger(FleetThreadsIT.class);
    private static final int DEVICES_PER_TRANSPORT = 200;
    private static final int POOLS_SIZED_FOR = 64;
    private static final int MORE_THREADS_AT_MOST = 40;
    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void two_hundred_dtls_psk_and_two_hundred_coap_devices_register_on_a_constant_number_of_threads()
            throws Exception {
        try (TestLwM2mServer server = new TestLwM2mServer()) {
            List<DeviceConfig> configs = new ArrayList<>();
            for (int i = 0; i < DEVICES_PER_TRANSPORT; i++) {
                String secure = String.format("dtls-%03d", i);
                DeviceCredentials.Psk psk = TestDevices.psk(secure);
                server.addPsk(secure, psk.identity(), psk.key());
                configs.add(TestDevices.config(secure, server.coapsUri(), psk, dir.resolve(secure)));
                String plain = String.format("coap-%03d", i);
                configs.add(TestDevices.config(plain, server.coapUri(), new DeviceCredentials.NoSec(),
                        dir.resolve(plain)));
            }
            int before = liveThreads();

            try (ClientResources shared = ClientResources.create(CoapTiming.LOOPBACK, POOLS_SIZED_FOR);
                 Fleet fleet = Fleet.start(configs, shared, Clock.systemUTC(), 200)) {
                await().atMost(WAIT).pollInSameThread().until(() -> fleet.status().registered() == configs.size());
                int after = liveThreads();

                LOG.info("{} devices registered: {} live threads before, {} after", configs.size(), before, after);
                assertThat(after - before).as("threads added by %d devices", configs.size())
                        .isLessThan(MORE_THREADS_AT_MOST);
                assertThat(fleet.status().crashed()).isZero();
                assertThat(server.registration("dtls-199")).isNotNull();
                assertThat(server.registration("coap-199")).isNotNull();
            }
        }
    }

    private static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }
}
