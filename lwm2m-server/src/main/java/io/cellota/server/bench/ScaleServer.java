package io.cellota.server.bench;

import com.sun.management.OperatingSystemMXBean;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.server.app.CellotaServer;
import io.cellota.server.config.ServerConfigLoader;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;

/**
 * The server under load in the serve scenario, in a JVM of its own so that the CPU time and heap measured are
 * the server's alone ({@link ServeBench} starts it with the launcher's class path). Two modes:
 * <ul>
 *   <li>{@code delivery DIR IMAGE_BYTES DEVICES}: the {@link DeliveryRig} (the server's firmware resource on its
 *       file endpoints) with one package and {@code DEVICES} PSK devices granted it; prints
 *       {@code ready COAPS_PORT PACKAGE_ID SHA256}.</li>
 *   <li>{@code server DIR [TRUSTED_PEM [PUBLIC_COAPS_PORT]]}: the whole {@link CellotaServer} on ephemeral
 *       loopback ports with an embedded database in {@code DIR}, trusting the signing key in {@code TRUSTED_PEM}
 *       (default: a key of its own) and naming {@code PUBLIC_COAPS_PORT} in its Package URIs (an impairment proxy
 *       in front of it); prints {@code ready COAPS_PORT HTTP_PORT API_TOKEN}.</li>
 * </ul>
 * Then it answers one line per command on standard input: {@code stats} gives
 * {@code stats CPU_NANOS BLOCKS BYTES THREADS} (the process's CPU time; Block2 responses and their payload bytes,
 * in delivery mode), {@code heap} gives {@code heap BYTES} after full GCs, {@code peak-reset} (answered
 * {@code ok}) and {@code peak} ({@code peak AFTER_GC_BYTES USED_BYTES}: the {@link HeapWatch} peaks since the
 * reset, the heap sampled every 100 ms), {@code jfr-start},
 * {@code jfr-stop FILE}, {@code quit}. It exits when its input ends.
 */
public final class ScaleServer {

    private ScaleServer() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        // standard output carries the protocol alone: whatever logs to the console goes to the log file
        System.setOut(System.err);
        Path dir = Path.of(args[1]);
        AutoCloseable running;
        DeliveryRig.Served served;
        if (args[0].equals("delivery")) {
            DeliveryRig rig = DeliveryRig.start(dir);
            String id = "fw-benchserve0000000";
            rig.addImage(id, Integer.parseInt(args[2]), 1);
            for (int i = 0; i < Integer.parseInt(args[3]); i++) {
                rig.grant(rig.device(ServeBench.endpoint(i)), id);
            }
            running = rig;
            served = rig.served();
            out.println("ready " + rig.address("coaps").getPort() + " " + id + " "
                    + DeliveryRig.hex(rig.file(id).sha256()));
        } else {
            Path trusted;
            if (args.length > 2) {
                trusted = Path.of(args[2]);
            } else {
                SigningKey key = PemKeys.generate(KeyType.ED25519, "bench");
                trusted = Files.createDirectories(dir).resolve("signing.pub.pem");
                Files.writeString(trusted, PemKeys.publicPem(key.publicKey()));
            }
            ServerConfigLoader loader = new ServerConfigLoader();
            loader.override("data.dir", dir.resolve("server"));
            for (String prefix : new String[] {"coap", "coaps", "http"}) {
                loader.override(prefix + ".host", "127.0.0.1");
                loader.override(prefix + ".port", 0);
            }
            loader.override("public.host", "127.0.0.1");
            loader.override("trusted.keys", trusted);
            loader.override("api.token", "bench-token");
            if (args.length > 3) {
                loader.override("public.coaps.port", Integer.parseInt(args[3]));
            }
            CellotaServer server = CellotaServer.start(loader.load(), Clock.systemUTC());
            running = server;
            served = new DeliveryRig.Served();
            out.println("ready " + server.lwm2m().coapsUri().getPort() + " " + server.httpAddress().getPort()
                    + " " + server.apiToken());
        }
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        HeapWatch heapWatch = HeapWatch.install();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bench-heap-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(heapWatch::sample, 100, 100, TimeUnit.MILLISECONDS);
        Recording recording = null;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (running) {
            for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
                if (line.equals("stats")) {
                    out.println("stats " + os.getProcessCpuTime() + " " + served.blocks.get() + " "
                            + served.bytes.get() + " " + Thread.activeCount());
                } else if (line.equals("heap")) {
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                    }
                    out.println("heap " + ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                } else if (line.equals("peak-reset")) {
                    heapWatch.reset();
                    out.println("ok");
                } else if (line.equals("peak")) {
                    out.println("peak " + heapWatch.peakAfterGc() + " " + heapWatch.peakUsed());
                } else if (line.equals("jfr-start")) {
                    recording = new Recording();
                    recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
                    recording.start();
                    out.println("ok");
                } else if (line.startsWith("jfr-stop ") && recording != null) {
                    recording.stop();
                    recording.dump(Path.of(line.substring(9)));
                    recording.close();
                    recording = null;
                    out.println("ok");
                } else {
                    out.println("error unknown command " + line);
                }
            }
        }
    }
}
