package io.cellota.server.bench;

import io.cellota.device.boot.BootPolicy;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.flash.FlashLayout;
import io.cellota.device.fota.FotaConfig;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.CoapTiming;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.lwm2m.DeviceInfo;
import io.cellota.device.radio.Bearer;
import io.cellota.device.radio.PsmConfig;
import io.cellota.device.radio.RadioModel;
import io.cellota.device.sim.DeviceConfig;
import io.cellota.device.sim.FaultPlan;
import io.cellota.device.sim.Fleet;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
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
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Scenario 3, registrations: the whole server ({@link ScaleServer} in server mode: {@code CellotaServer} with its
 * embedded database) in a second JVM, and a fleet of simulated DTLS-PSK devices in this one, registered at 100 per
 * second after their credentials were put through the REST API. Measured: how many are registered and held, and
 * the server's heap after full GCs before the first and after the last registration, per device.
 */
final class RegistrationBench {

    private static final FlashLayout SMALL = FlashLayout.NRF9160.withName("bench-32k").withSlotSize(0x8000);
    private static final Duration WAIT = Duration.ofMinutes(10);

    private final Path dir;
    private final PrintWriter log;

    RegistrationBench(Path dir, PrintWriter log) {
        this.dir = dir;
        this.log = log;
    }

    List<BenchRow> run(int devices) throws Exception {
        try (ChildJvm server = ChildJvm.start(dir.resolve("registrations-server"), "server",
                dir.resolve("registrations").toString())) {
            String[] ready = server.ready();
            URI coaps = URI.create("coaps://127.0.0.1:" + ready[1]);
            String api = "http://127.0.0.1:" + ready[2];
            String token = ready[3];
            HttpClient http = HttpClient.newHttpClient();
            SigningKey key = PemKeys.generate(KeyType.ED25519, "bench-factory");
            byte[] factory = DeliveryRig.signedImage(8 * 1024, 7, key);
            List<DeviceConfig> configs = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                String name = ServeBench.endpoint(i);
                byte[] psk = DeliveryRig.pskKey(name);
                put(http, api + "/api/v1/devices/" + name + "/credentials", token, "{\"mode\":\"psk\",\"identity\":\""
                        + name + "\",\"key\":\"" + HexFormat.of().formatHex(psk) + "\"}");
                configs.add(new DeviceConfig(name, coaps, new DeviceCredentials.Psk(name, psk), Duration.ofHours(24),
                        false, Optional.empty(), InetAddress.getLoopbackAddress(),
                        Files.createDirectories(dir.resolve("fleet").resolve("d" + i)), SMALL,
                        List.of(key.publicKey()), factory, FotaConfig.defaults(), DownloadOptions.DEFAULTS,
                        PsmConfig.off(), RadioModel.typical(Bearer.LTE_M, 0x10000 + i % 8), i,
                        DeviceInfo.nrf9160(String.format(Locale.ROOT, "BENCH-%06d", i)), BootPolicy.DEFAULT,
                        FaultPlan.NONE, Optional.empty()));
            }
            long heapBefore = server.heap();
            long threadsBefore = server.stats()[3];
            long start = System.nanoTime();
            try (ClientResources shared = ClientResources.create(CoapTiming.LOOPBACK, devices);
                 Fleet fleet = Fleet.start(configs, shared, Clock.systemUTC(), 100)) {
                Fleet.Status status = fleet.status();
                long until = System.nanoTime() + WAIT.toNanos();
                while (status.registered() < devices && status.crashed() == 0 && System.nanoTime() < until) {
                    Thread.sleep(500);
                    status = fleet.status();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                long heapAfter = server.heap();
                long threadsAfter = server.stats()[3];
                log.printf(Locale.ROOT, "registrations: %d of %d registered in %.1f s%n", status.registered(),
                        devices, seconds);
                log.flush();
                String note = String.format(Locale.ROOT, "%d DTLS-PSK devices started at 100/s, %d crashed, "
                        + "registered in %.1f s; server threads %d -> %d", devices, status.crashed(), seconds,
                        threadsBefore, threadsAfter);
                return List.of(
                        BenchRow.figure("registrations", "loopback", "coaps", 0, 0, "-", "registered DTLS devices held",
                                "", Samples.of(status.registered()), note),
                        BenchRow.figure("registrations", "loopback", "coaps", 0, 0, "-",
                                "server heap per registered device", "KiB",
                                Samples.of((heapAfter - heapBefore) / 1024.0 / Math.max(1, status.registered())),
                                String.format(Locale.ROOT, "heap after full GC %.1f -> %.1f MiB",
                                        heapBefore / 1048576.0, heapAfter / 1048576.0)));
            }
        }
    }

    private static void put(HttpClient http, String url, String token, String body) throws IOException,
            InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("PUT " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
