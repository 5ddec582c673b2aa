package io.cellota.server.bench;

import io.cellota.device.download.CoapDownloadEndpoints;
import io.cellota.device.download.CoapDownloader;
import io.cellota.device.download.Download;
import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.WindowPolicy;
import io.cellota.device.link.LinkProfile;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;

/**
 * Scenario 3, block serving: the server's firmware resource in a second JVM ({@link ScaleServer}, delivery mode)
 * and {@code N} devices in this one, each a DTLS endpoint with its own session, all downloading the same 64 KiB
 * package at once over loopback with the device's downloader in lockstep (window 1, as deployed devices fetch).
 * Measured between the start of the downloads and the last one's end, handshakes excluded: Block2 responses
 * served per second, MiB per second, and the server process's CPU time per MiB served. One warm-up round
 * (unmeasured) lets the JIT compile the hot path first. The largest round is also profiled with JFR
 * ({@link HotFrames}). Every download is checked against the package's SHA-256.
 */
final class ServeBench {

    static final int IMAGE_BYTES = 64 * 1024;
    private static final int WARM_UP_CLIENTS = 20;
    private static final int HANDSHAKES_AT_ONCE = 16;

    private final Path dir;
    private final PrintWriter log;

    ServeBench(Path dir, PrintWriter log) {
        this.dir = dir;
        this.log = log;
    }

    /** The endpoint name of device {@code i}: an LwM2M IMEI URN. */
    static String endpoint(int i) {
        return String.format(Locale.ROOT, "urn:imei:35%013d", i);
    }

    List<BenchRow> run(List<Integer> clientCounts, boolean profile) throws Exception {
        int most = clientCounts.stream().max(Integer::compare).orElseThrow();
        List<BenchRow> rows = new ArrayList<>();
        try (ChildJvm server = ChildJvm.start(dir.resolve("serve-server"), "delivery",
                dir.resolve("serve").toString(), Integer.toString(IMAGE_BYTES), Integer.toString(most))) {
            String[] ready = server.ready();
            int port = Integer.parseInt(ready[1]);
            String packageId = ready[2];
            String sha256 = ready[3];
            round(server, port, packageId, sha256, WARM_UP_CLIENTS, null);
            for (int clients : clientCounts) {
                Path jfr = profile && clients == most ? dir.resolve("serve-" + clients + ".jfr") : null;
                Round r = round(server, port, packageId, sha256, clients, jfr);
                String note = String.format(Locale.ROOT, "%d downloads of %s in %.2f s, %d responses for %d blocks",
                        clients, ResultTable.size(IMAGE_BYTES), r.seconds, r.blocks,
                        (long) clients * (IMAGE_BYTES / 1024));
                rows.add(BenchRow.figure("serve", "loopback", "coaps", IMAGE_BYTES, 1024, "1",
                        "Block2 responses/s, " + clients + " downloads", "1/s", Samples.of(r.blocks / r.seconds),
                        note));
                rows.add(BenchRow.figure("serve", "loopback", "coaps", IMAGE_BYTES, 1024, "1",
                        "served, " + clients + " downloads", "MiB/s", Samples.of(r.bytes / 1048576.0 / r.seconds), ""));
                rows.add(BenchRow.figure("serve", "loopback", "coaps", IMAGE_BYTES, 1024, "1",
                        "server CPU per MiB, " + clients + " downloads", "ms",
                        Samples.of(r.cpuNanos / 1e6 / (r.bytes / 1048576.0)), String.format(Locale.ROOT,
                                "server process CPU %.2f s over %.2f s wall (%.0f%% of one core)", r.cpuNanos / 1e9,
                                r.seconds, 100 * r.cpuNanos / 1e9 / r.seconds)));
                if (jfr != null) {
                    rows.addAll(HotFrames.rows(jfr, clients));
                }
            }
        }
        return rows;
    }

    private record Round(double seconds, long blocks, long bytes, long cpuNanos) {
    }

    private Round round(ChildJvm server, int port, String packageId, String sha256, int clients, Path jfr)
            throws Exception {
        ScheduledExecutorService californium = Executors.newScheduledThreadPool(4,
                DownloadBench.daemon("serve-device-cf"));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, DownloadBench.daemon("serve-device"));
        ExecutorService handshakes = Executors.newFixedThreadPool(HANDSHAKES_AT_ONCE, DownloadBench.daemon("serve-hs"));
        List<CoapEndpoint> endpoints = new ArrayList<>();
        try {
            Configuration config = DownloadRun.deviceConfiguration(LinkProfile.LOOPBACK);
            InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            CoapDownloadEndpoints.Executors executors = new CoapDownloadEndpoints.Executors(californium, californium);
            URI uri = URI.create("coaps://127.0.0.1:" + port + "/fw/" + packageId);
            List<Future<?>> setups = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String name = endpoint(i);
                CoapEndpoint endpoint = CoapDownloadEndpoints.psk(config, any, name, DeliveryRig.pskKey(name),
                        executors);
                endpoint.start();
                endpoints.add(endpoint);
                setups.add(handshakes.submit(() -> {
                    DownloadRun.setUp(endpoint, uri.resolve("/fw"));
                    return null;
                }));
            }
            for (Future<?> setup : setups) {
                setup.get();
            }
            DownloadOptions options = DownloadOptions.LTE_M.withWindow(WindowPolicy.LOCKSTEP);
            if (jfr != null) {
                server.command("jfr-start");
            }
            long[] before = server.stats();
            long start = System.nanoTime();
            List<MemorySlot> slots = new ArrayList<>();
            List<Download> downloads = new ArrayList<>();
            for (CoapEndpoint endpoint : endpoints) {
                MemorySlot slot = new MemorySlot(IMAGE_BYTES);
                slots.add(slot);
                downloads.add(new CoapDownloader(endpoint, options, scheduler, Clock.systemUTC())
                        .start(uri, slot, MemorySlot.NO_PROGRESS, DownloadListener.NONE));
            }
            for (Download download : downloads) {
                DownloadOutcome outcome = download.outcome().toCompletableFuture().get(10, TimeUnit.MINUTES);
                if (!(outcome instanceof DownloadOutcome.Completed)) {
                    throw new IllegalStateException("a download under load failed: " + outcome);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] after = server.stats();
            if (jfr != null) {
                server.command("jfr-stop " + jfr);
            }
            for (MemorySlot slot : slots) {
                if (!DeliveryRig.hex(DeliveryRig.sha256(slot.content(IMAGE_BYTES))).equals(sha256)) {
                    throw new IllegalStateException("a download under load is not byte-exact");
                }
            }
            log.printf(Locale.ROOT, "serve: %d concurrent downloads in %.2f s%s%n", clients, seconds,
                    jfr == null ? "" : " (JFR recording)");
            log.flush();
            return new Round(seconds, after[1] - before[1], after[2] - before[2], after[0] - before[0]);
        } finally {
            endpoints.forEach(CoapEndpoint::destroy);
            handshakes.shutdownNow();
            scheduler.shutdownNow();
            californium.shutdownNow();
        }
    }
}
