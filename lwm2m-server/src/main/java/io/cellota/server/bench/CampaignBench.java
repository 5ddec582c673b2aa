package io.cellota.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.link.ImpairmentProxy;
import io.cellota.device.link.LinkProfile;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.sim.Fleet;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.server.fileserver.FirmwareDelivery;
import io.cellota.server.lwm2m.ServerCoapSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario 3, a campaign: the whole server in a second JVM ({@link ScaleServer} in server mode), an impairment
 * proxy in front of it (each device its own emulated link), and {@link CampaignFleet}'s DTLS-PSK devices in this
 * JVM. Once every device has registered, a signed image is uploaded and a campaign over all of them is created and
 * started through {@code /api/v1/campaigns}, with waves and a cap on concurrent downloads as an operator would set
 * them ({@link #body}); it is followed once a second until it ends. Measured: the time from start to finish,
 * devices per hour, the devices that succeeded, the server's peak heap ({@link HeapWatch}) and CPU time.
 *
 * <p>The limit it is compared with is the campaign's cap at the link's rate: {@code ceil(devices / maxConcurrent)}
 * rounds of one download each at the download time limit ({@link WireModel#limitNanos}). It leaves out the
 * update's own round trips (write, execute, the device's reboot and new registration), the waves' gates and the
 * CPU time of DTLS on two cores.
 */
final class CampaignBench {

    /** The longest a campaign may run before the bench stops following it. */
    static final Duration PATIENCE = Duration.ofMinutes(30);

    /** What to run: fleet size, the campaign's cap, the link profile and the image size. */
    record Setup(int devices, int maxConcurrent, LinkProfile profile, int imageBytes) {
        Setup {
            if (devices < 1 || maxConcurrent < 1 || imageBytes < 1024) {
                throw new IllegalArgumentException("a campaign needs devices, a cap and an image");
            }
        }

        /** The device preset for the profile: the LwM2M client's download options. */
        DownloadOptions download() {
            return profile.name().startsWith("nb-iot") ? DownloadOptions.NB_IOT : DownloadOptions.LTE_M;
        }
    }

    private final Path dir;
    private final PrintWriter log;
    private final Path plots;

    /** Runs in {@code dir}, logs progress to {@code log}, and writes its plot into {@code plots} (null: none). */
    CampaignBench(Path dir, PrintWriter log, Path plots) {
        this.dir = dir;
        this.log = log;
        this.plots = plots;
    }

    List<BenchRow> run(Setup setup, long seed) throws Exception {
        SigningKey key = PemKeys.generate(KeyType.ED25519, "bench-campaign");
        Path trusted = Files.createDirectories(dir.resolve("campaign")).resolve("signing.pub.pem");
        Files.writeString(trusted, PemKeys.publicPem(key.publicKey()));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int linkPort = freeUdpPort(loopback);
        try (ChildJvm server = ChildJvm.start(dir.resolve("campaign-server"), "server",
                dir.resolve("campaign").resolve("server").toString(), trusted.toString(), Integer.toString(linkPort))) {
            String[] ready = server.ready();
            ApiCalls api = new ApiCalls(URI.create("http://127.0.0.1:" + ready[2]), ready[3]);
            try (ImpairmentProxy link = ImpairmentProxy.start(new InetSocketAddress(loopback, linkPort),
                    new InetSocketAddress(loopback, Integer.parseInt(ready[1])), setup.profile(), seed);
                 ClientResources shared = ClientResources.create(CoapTiming.forProfile(setup.profile().name()),
                         setup.devices());
                 CampaignFleet fleet = CampaignFleet.start(dir.resolve("campaign").resolve("fleet"), setup, key,
                         URI.create("coaps://127.0.0.1:" + linkPort), api, shared, log)) {
                return campaign(setup, server, api, fleet.fleet(), key);
            }
        }
    }

    private List<BenchRow> campaign(Setup setup, ChildJvm server, ApiCalls api, Fleet fleet, SigningKey key)
            throws Exception {
        byte[] image = CampaignFleet.image(setup.imageBytes(), "1.1.0", key);
        JsonNode stored = api.upload("/api/v1/firmware?type=mcuboot", image);
        String firmwareId = stored.path("id").asText();
        long heapBefore = server.heap();
        server.command("peak-reset");
        long cpuBefore = server.stats()[0];
        long benchCpuBefore = processCpuNanos();
        String loadBefore = loadAverage();
        JsonNode created = api.post("/api/v1/campaigns", body(setup, firmwareId, fleet));
        String id = created.path("id").asText();
        long start = System.nanoTime();
        api.post("/api/v1/campaigns/" + id + "/start", "{}");
        JsonNode c = api.get("/api/v1/campaigns/" + id);
        List<BenchPlots.CampaignPoint> trace = new ArrayList<>();
        trace.add(new BenchPlots.CampaignPoint(0, 0, 0));
        int peakDownloading = 0;
        long until = start + PATIENCE.toNanos();
        int lastDone = -1;
        while (!ended(c) && System.nanoTime() < until) {
            Thread.sleep(1000);
            c = api.get("/api/v1/campaigns/" + id);
            peakDownloading = Math.max(peakDownloading, c.path("downloading").asInt());
            trace.add(new BenchPlots.CampaignPoint((System.nanoTime() - start) / 1e9, c.at("/counts/SUCCEEDED").asInt(),
                    c.path("downloading").asInt()));
            int done = c.at("/counts/SUCCEEDED").asInt() + c.at("/counts/FAILED").asInt();
            if (done / 100 != lastDone / 100) {
                log.printf(Locale.ROOT, "campaign: %s %d of %d ended after %.0f s, %d downloading%n",
                        c.path("status").asText(), done, setup.devices(), (System.nanoTime() - start) / 1e9,
                        c.path("downloading").asInt());
                log.flush();
                lastDone = done;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] peak = server.peak();
        long cpu = server.stats()[0] - cpuBefore;
        double benchCpu = (processCpuNanos() - benchCpuBefore) / 1e9;
        String loadAfter = loadAverage();
        long heapAfter = server.heap();
        int succeeded = c.at("/counts/SUCCEEDED").asInt();
        int failed = c.at("/counts/FAILED").asInt();
        long onTarget = fleet.status().versions().entrySet().stream().filter(e -> e.getKey().startsWith("1.1.0"))
                .mapToLong(Map.Entry::getValue).sum();
        log.printf(Locale.ROOT, "campaign: %s in %.1f s, %d succeeded, %d failed, %d devices run 1.1.0%n",
                c.path("status").asText(), seconds, succeeded, failed, onTarget);
        log.flush();

        DownloadOptions options = setup.download();
        WireModel model = new WireModel(setup.profile().overheadBytes(), WireModel.dtlsCcm8(0),
                WireModel.dtlsCcm8(ServerCoapSettings.CELLULAR.connectionIdLength()),
                DownloadRun.deviceTokenBytes(setup.profile()), FirmwareDelivery.COAP_ETAG_BYTES,
                List.of("fw", firmwareId));
        double perDownload = model.limitNanos(setup.profile().downlink(), image.length, options.blockSize()) / 1e9;
        int rounds = (setup.devices() + setup.maxConcurrent() - 1) / setup.maxConcurrent();
        double limit = rounds * perDownload;
        if (plots != null) {
            log.println("bench: wrote " + BenchPlots.campaign(plots, setup.profile().name(), setup.devices(), trace,
                    limit));
        }
        DeviceTimes times = deviceTimes(api, id);
        Samples perDevice = times.seconds();
        String caps = String.format(Locale.ROOT, "%d devices, maxConcurrent %d, waves of %d devices, 10 %%, 50 %%, "
                + "100 %% (90 %% to succeed, 10 %% may fail); window %s, %d-byte blocks", setup.devices(),
                setup.maxConcurrent(), Math.max(1, setup.devices() / 100), options.window(), options.blockSize());
        String load = "load average " + loadBefore + " -> " + loadAfter;
        String transport = "coaps";
        String window = options.window().toString();
        List<BenchRow> rows = new ArrayList<>();
        rows.add(BenchRow.time("campaign", setup.profile().name(), transport, image.length, options.blockSize(),
                window, Samples.of(seconds), limit, String.format(Locale.ROOT, "%s; %s, %d succeeded, %d failed; limit "
                        + "%d rounds x %.2f s (one download at the link rate); peak downloading %d", caps,
                        c.path("status").asText(), succeeded, failed, rounds, perDownload, peakDownloading))
                .withMetric("campaign time"));
        rows.add(BenchRow.figure("campaign", setup.profile().name(), transport, image.length, options.blockSize(),
                window, "devices per hour", "/h", Samples.of(succeeded * 3600.0 / seconds),
                String.format(Locale.ROOT, "succeeded per hour over the whole campaign; the cap at the link rate "
                        + "allows %.0f/h", setup.maxConcurrent() * 3600.0 / perDownload)));
        rows.add(BenchRow.figure("campaign", setup.profile().name(), transport, image.length, options.blockSize(),
                window, "devices succeeded", "", Samples.of(succeeded), String.format(Locale.ROOT,
                        "of %d; %d failed; %d devices report 1.1.0", setup.devices(), failed, onTarget)));
        rows.add(BenchRow.figure("campaign", setup.profile().name(), transport, image.length, options.blockSize(),
                window, "update time per device", "s", Samples.of(perDevice.median()), String.format(Locale.ROOT,
                        "start to success (download, install, reboot, registration, version read), median of %d; "
                        + "min %.1f s, max %.1f s; the download alone %.2f s at the link rate", perDevice.count(),
                        perDevice.min(), perDevice.max(), perDownload)));
        for (Map.Entry<String, Samples> phase : UpdatePhases.of(api, times.updateIds()).entrySet()) {
            Samples t = phase.getValue();
            rows.add(BenchRow.figure("campaign", setup.profile().name(), transport, image.length,
                    options.blockSize(), window, "update phase " + phase.getKey(), "s", Samples.of(t.median()),
                    String.format(Locale.ROOT, "time in the update state, median of %d; min %.2f s, max %.2f s",
                            t.count(), t.min(), t.max())));
        }
        rows.add(BenchRow.figure("campaign", setup.profile().name(), transport, image.length, options.blockSize(),
                window, "peak server heap after GC", "MiB", Samples.of(Math.max(peak[0], heapAfter) / 1048576.0),
                String.format(Locale.ROOT, "largest heap in use after any GC during the campaign or the full GC at "
                        + "its end; largest sampled "
                        + "%.1f MiB (with garbage, -Xmx2g); after full GC %.1f MiB before, %.1f after",
                        peak[1] / 1048576.0, heapBefore / 1048576.0, heapAfter / 1048576.0)));
        rows.add(BenchRow.figure("campaign", setup.profile().name(), transport, image.length, options.blockSize(),
                window, "server CPU during the campaign", "s", Samples.of(cpu / 1e9), String.format(Locale.ROOT,
                        "%.0f%% of one core; devices and proxy (this JVM) %.0f CPU-s; %s", 100.0 * cpu / 1e9 / seconds,
                        benchCpu, load)));
        return rows;
    }

    /** The campaign an operator would create for this fleet: a 1 % canary, then 10 %, 50 % and the rest. */
    static String body(Setup setup, String firmwareId, Fleet fleet) {
        StringBuilder endpoints = new StringBuilder();
        for (int i = 0; i < setup.devices(); i++) {
            endpoints.append(i == 0 ? "" : ",").append('"').append(ServeBench.endpoint(i)).append('"');
        }
        return "{\"name\":\"bench rollout of 1.1.0 to " + setup.devices() + " devices\",\"firmwareId\":\""
                + firmwareId + "\",\"target\":{\"endpoints\":[" + endpoints + "]},\"waves\":" + waves(setup.devices())
                + ",\"pacing\":{\"maxConcurrent\":" + setup.maxConcurrent() + "},\"policy\":{\"delivery\":\"pull\","
                + "\"protocol\":\"coaps\",\"deviceDeadline\":\"PT30M\",\"retries\":{\"max\":2,\"on\":[4,5],"
                + "\"backoff\":{\"first\":\"PT10S\",\"factor\":2,\"max\":\"PT1M\"}}}}";
    }

    /** A 1 % canary (at least one device), then waves up to 10, 50 and 100 %; 90 % must succeed, 10 % may fail. */
    static String waves(int devices) {
        String gates = ",\"successThreshold\":90,\"failureThreshold\":10}";
        return "[{\"devices\":" + Math.max(1, devices / 100) + gates + ",{\"upToPercent\":10" + gates
                + ",{\"upToPercent\":50" + gates + ",{\"upToPercent\":100" + gates + "]";
    }

    /** Each succeeded device's time from its start to its end, as the campaign recorded them. */
    private static DeviceTimes deviceTimes(ApiCalls api, String id) throws IOException, InterruptedException {
        List<Double> seconds = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        for (int offset = 0; ; offset += 200) {
            JsonNode page = api.get("/api/v1/campaigns/" + id + "/devices?state=SUCCEEDED&limit=200&offset=" + offset);
            for (JsonNode d : page.path("items")) {
                seconds.add(Duration.between(Instant.parse(d.path("startedAt").asText()),
                        Instant.parse(d.path("finishedAt").asText())).toMillis() / 1000.0);
                updates.add(d.path("updateId").asText());
            }
            if (page.path("items").size() < 200) {
                break;
            }
        }
        return new DeviceTimes(seconds.isEmpty() ? Samples.of(0) : new Samples(seconds), updates);
    }

    /** Each succeeded device's time from its start to its end, and its update's id. */
    private record DeviceTimes(Samples seconds, List<String> updateIds) {
    }

    private static boolean ended(JsonNode campaign) {
        String status = campaign.path("status").asText();
        return !status.equals("RUNNING") && !status.equals("SCHEDULED") && !status.equals("DRAFT");
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The 1, 5 and 15 minute load averages, as /proc/loadavg gives them ({@code ?} when unreadable). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static int freeUdpPort(InetAddress address) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return probe.getLocalPort();
        }
    }
}
