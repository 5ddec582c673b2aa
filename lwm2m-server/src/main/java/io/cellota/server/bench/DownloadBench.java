package io.cellota.server.bench;

import io.cellota.device.download.DownloadOptions;
import io.cellota.device.download.WindowPolicy;
import io.cellota.device.link.LinkProfile;
import io.cellota.server.fileserver.FirmwareDelivery;
import io.cellota.server.lwm2m.ServerCoapSettings;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenarios 1 and 2: download time per link profile and window against the rate limit, and wire efficiency per
 * transport and block size against the header arithmetic ({@link WireModel}). Every case is repeated with seeds
 * {@code seed, seed+1, ...} and reported by its median. Independent cases run {@code parallel} at a time, each
 * on its own proxy (its own emulated link) and device endpoint, against one shared file server: at these link
 * rates the server and the proxies use a few percent of a core, so the cases do not slow each other down.
 */
final class DownloadBench {

    /**
     * One download configuration.
     *
     * @param scenario  {@code download} or {@code wire}
     * @param window    the window as given: a number or {@code auto} (the profile's preset adaptive policy)
     */
    record Case(String scenario, LinkProfile profile, String scheme, int imageBytes, int blockSize, String window) {

        /** The device's preset for the profile, with this case's block size and window. */
        DownloadOptions options() {
            DownloadOptions preset = profile.name().startsWith("nb-iot") ? DownloadOptions.NB_IOT
                    : DownloadOptions.LTE_M;
            WindowPolicy policy = window.equals("auto") ? preset.window() : WindowPolicy.parse(window);
            return preset.withBlockSize(blockSize).withWindow(policy);
        }

        String windowLabel() {
            return options().window().toString();
        }

        String packageId() {
            return String.format(Locale.ROOT, "fw-bench%011d", imageBytes);
        }
    }

    /** A case and its repetitions' measurements, in seed order. */
    record Result(Case kase, List<DownloadRun.Measurement> runs, WireModel model) {

        Samples seconds() {
            return new Samples(runs.stream().map(DownloadRun.Measurement::seconds).toList());
        }

        double limitSeconds() {
            return model.limitNanos(kase.profile().downlink(), kase.imageBytes(), kase.blockSize()) / 1e9;
        }

        /** The repetition with the median time (the lower middle one for an even count). */
        DownloadRun.Measurement medianRun() {
            List<DownloadRun.Measurement> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(DownloadRun.Measurement::seconds));
            return sorted.get((sorted.size() - 1) / 2);
        }
    }

    private final Path dir;
    private final int repetitions;
    private final long seed;
    private final int parallel;
    private final PrintWriter log;

    DownloadBench(Path dir, int repetitions, long seed, int parallel, PrintWriter log) {
        this.dir = dir;
        this.repetitions = repetitions;
        this.seed = seed;
        this.parallel = parallel;
        this.log = log;
    }

    /** Runs every case {@code repetitions} times and returns the results in the order of {@code cases}. */
    List<Result> run(List<Case> cases) throws Exception {
        ScheduledExecutorService californium = Executors.newScheduledThreadPool(2, daemon("bench-device-cf"));
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemon("bench-device"));
        ExecutorService pool = Executors.newFixedThreadPool(parallel, daemon("bench-case"));
        try (DeliveryRig rig = DeliveryRig.start(dir)) {
            for (int size : cases.stream().map(Case::imageBytes).distinct().toList()) {
                rig.addImage(new Case("", LinkProfile.LOOPBACK, "coap", size, 1024, "1").packageId(), size, seed);
            }
            DownloadRun.DeviceSide side = new DownloadRun.DeviceSide(californium, scheduler);
            Map<Case, List<Future<DownloadRun.Measurement>>> futures = new LinkedHashMap<>();
            AtomicInteger done = new AtomicInteger();
            int total = cases.size() * repetitions;
            AtomicInteger device = new AtomicInteger();
            for (Case kase : cases) {
                List<Future<DownloadRun.Measurement>> runs = new ArrayList<>();
                for (int rep = 0; rep < repetitions; rep++) {
                    long runSeed = seed + rep;
                    String endpoint = String.format(Locale.ROOT, "urn:imei:35%013d", device.incrementAndGet());
                    runs.add(pool.submit(() -> {
                        DownloadRun.Measurement m = DownloadRun.run(rig, kase.scheme(), kase.packageId(),
                                kase.profile(), runSeed, kase.options(), endpoint, side);
                        log.printf(Locale.ROOT, "[%d/%d] %s %s %s %s block %d window %s seed %d: %.2f s%n",
                                done.incrementAndGet(), total, kase.scenario(), kase.profile().name(), kase.scheme(),
                                ResultTable.size(kase.imageBytes()), kase.blockSize(), kase.windowLabel(), runSeed,
                                m.seconds());
                        log.flush();
                        return m;
                    }));
                }
                futures.put(kase, runs);
            }
            List<Result> results = new ArrayList<>();
            for (Map.Entry<Case, List<Future<DownloadRun.Measurement>>> entry : futures.entrySet()) {
                List<DownloadRun.Measurement> runs = new ArrayList<>();
                for (Future<DownloadRun.Measurement> future : entry.getValue()) {
                    runs.add(future.get());
                }
                results.add(new Result(entry.getKey(), runs, model(rig, entry.getKey())));
            }
            return results;
        } finally {
            pool.shutdownNow();
            scheduler.shutdownNow();
            californium.shutdownNow();
        }
    }

    /** The header arithmetic of {@code kase}: the URI the device is given, the device's token, the server's ETag. */
    static WireModel model(DeliveryRig rig, Case kase) {
        URI uri = rig.uri(kase.scheme(), kase.packageId(), rig.device("urn:imei:350000000000000"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 5683));
        List<String> path = Arrays.stream(uri.getPath().split("/")).filter(s -> !s.isEmpty()).toList();
        boolean secure = kase.scheme().equals("coaps");
        return new WireModel(kase.profile().overheadBytes(), secure ? WireModel.dtlsCcm8(0) : 0,
                secure ? WireModel.dtlsCcm8(ServerCoapSettings.CELLULAR.connectionIdLength()) : 0,
                DownloadRun.deviceTokenBytes(kase.profile()), FirmwareDelivery.COAP_ETAG_BYTES, path);
    }

    /** The rows of scenario 1: the median time per case, its limit, and for auto windows how they compare. */
    static List<BenchRow> timeRows(List<Result> results) {
        List<BenchRow> rows = new ArrayList<>();
        for (Result r : results) {
            Case c = r.kase();
            String note = retransmissions(r.medianRun(), r.model(), c) + verdict(r, results).map(v -> "; " + v)
                    .orElse("");
            rows.add(BenchRow.time(c.scenario(), c.profile().name(), c.scheme(), c.imageBytes(), c.blockSize(),
                    c.windowLabel(), r.seconds(), r.limitSeconds(), note));
        }
        return rows;
    }

    /** The rows of scenario 2: firmware bytes over all UDP payload bytes, against the header arithmetic. */
    static List<BenchRow> wireRows(List<Result> results) {
        List<BenchRow> rows = new ArrayList<>();
        for (Result r : results) {
            Case c = r.kase();
            WireModel.Transfer limit = r.model().transfer(c.imageBytes(), c.blockSize());
            Samples efficiency = new Samples(r.runs().stream()
                    .map(m -> (double) c.imageBytes() / m.udpBytes()).toList());
            DownloadRun.Measurement m = r.medianRun();
            long down = m.transfer().downlink().receivedBytes();
            long up = m.transfer().uplink().receivedBytes();
            long setup = m.setup().uplink().receivedBytes() + m.setup().downlink().receivedBytes();
            String note = String.format(Locale.ROOT, "down %d B in %d dgrams (model %d in %d), up %d B in %d "
                    + "(model %d); setup %d B not counted", down, m.transfer().downlink().received(), limit.down(),
                    limit.blocks(), up, m.transfer().uplink().received(), limit.up(), setup);
            rows.add(BenchRow.efficiency(c.scenario(), c.profile().name(), c.scheme(), c.imageBytes(), c.blockSize(),
                    c.windowLabel(), efficiency, limit.efficiency(), note));
        }
        return rows;
    }

    private static String retransmissions(DownloadRun.Measurement m, WireModel model, Case c) {
        long blocks = model.transfer(c.imageBytes(), c.blockSize()).blocks();
        return String.format(Locale.ROOT, "median run: %d requests for %d blocks, %d datagrams lost",
                m.transfer().uplink().received(), blocks,
                m.transfer().uplink().droppedTotal() + m.transfer().downlink().droppedTotal());
    }

    /** For an auto window: the best fixed window of the same profile and size, and how auto compares. */
    private static Optional<String> verdict(Result auto, List<Result> all) {
        if (!auto.kase().options().window().adaptive()) {
            return Optional.empty();
        }
        return all.stream().filter(r -> !r.kase().options().window().adaptive()
                        && r.kase().profile().equals(auto.kase().profile())
                        && r.kase().scheme().equals(auto.kase().scheme())
                        && r.kase().imageBytes() == auto.kase().imageBytes()
                        && r.kase().blockSize() == auto.kase().blockSize())
                .min(Comparator.comparingDouble(r -> r.seconds().median()))
                .map(best -> String.format(Locale.ROOT, "best fixed window %s (%.2f s): auto takes %.2fx its time",
                        best.kase().windowLabel(), best.seconds().median(),
                        auto.seconds().median() / best.seconds().median()));
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
