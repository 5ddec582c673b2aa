package io.cellota.device.sim;

import static org.awaitility.Awaitility.await;

import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.testkit.TestDevices;
import io.cellota.device.testserver.TestLwM2mServer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Measures what a registered device costs, for the notes rather than a test: threads and heap after a full GC,
 * before and after a fleet has registered. The server runs in another JVM so that its registrations and DTLS
 * sessions are not counted. Not run by the build; from {@code device-client} after {@code mvn verify}:
 *
 * <pre>
 * CP=target/test-classes:target/classes:$(mvn -q dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
 * java -cp $CP io.cellota.device.sim.FleetFootprint server 1000 &gt; server.txt &amp;   # prints its URIs
 * java -Xmx2g -cp $CP io.cellota.device.sim.FleetFootprint fleet coaps://127.0.0.1:PORT 1000 1000 /tmp/fp
 * </pre>
 *
 * The fleet arguments: the server URI (coaps: PSK devices named fp-0000…; coap: NoSec, fpc-0000…), the fleet
 * size, the size {@link ClientResources#create} sizes its pools for, and a directory for the devices' flash.
 */
final class FleetFootprint {

    private FleetFootprint() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("server")) {
            server(Integer.parseInt(args[1]));
        } else if (args.length == 5 && args[0].equals("fleet")) {
            fleet(URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]), Path.of(args[4]));
        } else {
            System.err.println("usage: server N | fleet URI N POOLS_FOR DIR");
            System.exit(2);
        }
    }

    /** PSK devices are fp-0000…, NoSec ones fpc-0000… (the server refuses NoSec for an endpoint with a PSK). */
    private static String endpoint(int i, boolean secure) {
        return String.format(secure ? "fp-%04d" : "fpc-%04d", i);
    }

    private static void server(int devices) throws Exception {
        try (TestLwM2mServer server = new TestLwM2mServer()) {
            for (int i = 0; i < devices; i++) {
                DeviceCredentials.Psk psk = TestDevices.psk(endpoint(i, true));
                server.addPsk(endpoint(i, true), psk.identity(), psk.key());
            }
            System.out.println(server.coapsUri() + " " + server.coapUri());
            System.out.flush();
            new CountDownLatch(1).await();
        }
    }

    private static void fleet(URI server, int devices, int poolsFor, Path dir) throws Exception {
        boolean secure = server.getScheme().equals("coaps");
        List<DeviceConfig> configs = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            String name = endpoint(i, secure);
            DeviceCredentials credentials = secure ? TestDevices.psk(name) : new DeviceCredentials.NoSec();
            configs.add(TestDevices.config(name, server, credentials, Files.createDirectories(dir.resolve(name))));
        }
        int threadsBefore = threads();
        long heapBefore = heapAfterFullGc();
        Instant start = Instant.now();
        try (ClientResources shared = ClientResources.create(CoapTiming.LOOPBACK, poolsFor);
             Fleet fleet = Fleet.start(configs, shared, Clock.systemUTC(), 100)) {
            Fleet.Status status = await().atMost(Duration.ofMinutes(10)).pollInSameThread()
                    .pollInterval(Duration.ofSeconds(1)).until(fleet::status,
                            s -> s.registered() == devices || s.crashed() > 0);
            Duration took = Duration.between(start, Instant.now());
            int threadsAfter = threads();
            long heapAfter = heapAfterFullGc();
            System.out.printf("%d %s devices registered (%d crashed) in %d s; pools sized for %d%n", status.registered(),
                    secure ? "DTLS-PSK" : "CoAP", status.crashed(), took.toSeconds(), poolsFor);
            System.out.printf("threads: %d before, %d after (+%d, %.3f per device)%n", threadsBefore, threadsAfter,
                    threadsAfter - threadsBefore, (threadsAfter - threadsBefore) / (double) devices);
            System.out.printf("heap after full GC: %.1f MiB before, %.1f MiB after, %.1f KiB per device%n",
                    heapBefore / 1048576.0, heapAfter / 1048576.0, (heapAfter - heapBefore) / 1024.0 / devices);
        }
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static long heapAfterFullGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
