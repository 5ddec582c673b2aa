package io.cellota.server.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.device.boot.BootPolicy;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.flash.FlashLayout;
import io.cellota.device.fota.FotaConfig;
import io.cellota.device.link.ImpairmentProxy;
import io.cellota.device.link.LinkProfile;
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
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.signing.ImageSigner;
import io.cellota.firmware.signing.SignOptions;
import io.cellota.server.app.CellotaServer;
import io.cellota.server.app.ServerCommand;
import io.cellota.server.auth.FirstAdmin;
import io.cellota.server.config.ServerConfig;
import io.cellota.server.config.ServerConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One run of the demo, from nothing to a campaign rolling out (see the package documentation). Its parts are
 * closed in reverse order by {@link #close()}; the server's data, the devices' flash and the demo's keys stay in
 * the data directory, so a second run continues with the same fleet and rolls out the next version.
 *
 * <p>Layout of the data directory: {@code server/} (the server's {@code data.dir}), {@code devices/} (one state
 * directory per device: flash slots, Object 5 state, download progress) and {@code keys/} ({@link DemoKeys}).
 */
public final class Demo implements AutoCloseable {

    /** How long the fleet may take to register before the demo gives up: generous for slow machines. */
    static final Duration REGISTRATION_WAIT = Duration.ofMinutes(3);

    private final List<AutoCloseable> parts = new ArrayList<>();
    private final DemoSettings settings;
    private final PrintWriter out;
    private final Clock clock;
    private CellotaServer server;
    private ImpairmentProxy link;
    private Fleet fleet;
    private ApiClient api;
    private URI console;
    private String firmwareId;
    private String version;
    private String campaignId;

    private Demo(DemoSettings settings, PrintWriter out, Clock clock) {
        this.settings = settings;
        this.out = out;
        this.clock = clock;
    }

    /**
     * Starts everything and the campaign; returns once the campaign runs. Anything that fails on the way closes
     * what was started and is rethrown.
     */
    public static Demo start(DemoSettings settings, PrintWriter out, Clock clock) throws Exception {
        Demo demo = new Demo(settings, out, clock);
        try {
            demo.run();
            return demo;
        } catch (Exception | Error e) {
            demo.close();
            throw e;
        }
    }

    private void run() throws Exception {
        DemoKeys keys = DemoKeys.load(settings.dataDir().resolve("keys"));
        InetAddress loopback = InetAddress.getLoopbackAddress();
        int linkPort = freeUdpPort(loopback);
        ServerConfig config = serverConfig(keys, linkPort);
        say("starting the server (data in %s)", config.dataDir().toAbsolutePath().normalize());
        server = keep(ServerCommand.start(config));
        link = keep(ImpairmentProxy.start(new InetSocketAddress(loopback, linkPort),
                new InetSocketAddress(loopback, server.lwm2m().coapsUri().getPort()), settings.link(),
                settings.seed()));
        console = URI.create("http://" + consoleHost(config) + ":" + server.httpAddress().getPort() + "/");
        api = new ApiClient(URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + "/"), server.apiToken());

        List<DeviceConfig> devices = devices(keys, URI.create("coaps://127.0.0.1:" + linkPort));
        say("registering %d device credentials (PSK) through the API", devices.size());
        for (DeviceConfig d : devices) {
            DeviceCredentials.Psk psk = (DeviceCredentials.Psk) d.credentials();
            api.put("/api/v1/devices/" + d.endpoint() + "/credentials", Map.of("mode", "psk", "identity",
                    psk.identity(), "key", HexFormat.of().formatHex(psk.key())));
        }
        say("powering on %d simulated nRF9160 devices over an emulated %s link (%s)", devices.size(),
                settings.link().name(), describe(settings.link()));
        ClientResources shared = keep(ClientResources.create(timing(), devices.size()));
        fleet = keep(Fleet.start(devices, shared, clock, settings.startsPerSecond()));
        awaitRegistrations(devices.size());

        version = nextVersion();
        byte[] image = image(keys, version);
        JsonNode stored = api.upload("/api/v1/firmware?type=mcuboot", image);
        firmwareId = stored.path("id").asText();
        say("uploaded firmware %s: %s, %d bytes, signed by %s, sha256 %s", firmwareId, stored.path("version").asText(),
                stored.path("size").asLong(), stored.path("signer").asText(), stored.path("sha256").asText());

        campaignId = DemoCampaign.create(api, firmwareId, version,
                devices.stream().map(DeviceConfig::endpoint).toList());
        say("campaign %s started: a canary wave of %d%%, then waves of %d%%; it pauses itself if more than %d%% of a "
                + "wave fail", campaignId, DemoCampaign.CANARY_PERCENT, DemoCampaign.WAVE_PERCENT,
                DemoCampaign.FAILURE_THRESHOLD_PERCENT);
    }

    private ServerConfig serverConfig(DemoKeys keys, int linkPort) {
        ServerConfigLoader loader = new ServerConfigLoader()
                .environment(settings.environment())
                .override("data.dir", settings.dataDir().resolve("server"))
                .override("trusted.keys", keys.publicKey())
                .override("public.host", "127.0.0.1")
                .override("public.coaps.port", linkPort);
        settings.coapPort().ifPresent(p -> loader.override("coap.port", p));
        settings.coapsPort().ifPresent(p -> loader.override("coaps.port", p));
        settings.httpPort().ifPresent(p -> loader.override("http.port", p));
        settings.apiToken().ifPresent(t -> loader.override("api.token", t));
        settings.bindHost().ifPresent(h -> {
            loader.override("coap.host", h).override("coaps.host", h).override("http.host", h);
        });
        return loader.load();
    }

    private static String consoleHost(ServerConfig config) {
        String host = config.http().getHostString();
        return host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }

    private CoapTiming timing() {
        return CoapTiming.forProfile(settings.link().name().startsWith("nb-iot") ? "nb-iot" : "lte-m");
    }

    /**
     * The fleet: endpoints {@code demo-000}…, PSKs derived from the master key, factory firmware 1.0.0 signed by
     * the demo key, a radio in one of eight cells, and {@code failing} devices spread through the fleet that fail
     * the way field devices do: every other one's new firmware crashes at boot (the bootloader reverts it:
     * Update Result 8), the others have too little storage for the image (Update Result 3).
     */
    private List<DeviceConfig> devices(DemoKeys keys, URI serverUri) throws IOException {
        FlashLayout flash = FlashLayout.NRF9160;
        byte[] factory = ImageSigner.sign(payload(16 * 1024, 1),
                SignOptions.zephyr(ImageVersion.parse("1.0.0"), flash.slotSize()).withLayout(flash.maxSectors(), false),
                Optional.of(keys.signing()));
        DownloadOptions download = settings.link().name().startsWith("nb-iot") ? DownloadOptions.NB_IOT
                : DownloadOptions.LTE_M;
        Bearer bearer = settings.link().name().startsWith("nb-iot") ? Bearer.NB_IOT : Bearer.LTE_M;
        int n = settings.devices();
        int width = Math.max(3, String.valueOf(n - 1).length());
        List<Integer> failing = failingIndices(n, settings.failing());
        List<DeviceConfig> configs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String endpoint = String.format(Locale.ROOT, "demo-%0" + width + "d", i);
            FaultPlan faults = FaultPlan.NONE;
            int f = failing.indexOf(i);
            if (f >= 0) {
                faults = f % 2 == 0 ? faults.withNewFirmwareCrashes(true) : faults.withStorageBudget(8 * 1024);
            }
            long cell = 0x10000 + new SplittableRandom(i).nextInt(0, 8);
            configs.add(new DeviceConfig(endpoint, serverUri, DeviceCredentials.Psk.derived(endpoint, keys.pskMaster()),
                    Duration.ofMinutes(10), false, Optional.empty(), InetAddress.getLoopbackAddress(),
                    settings.dataDir().resolve("devices").resolve(endpoint), flash, List.of(keys.signing().publicKey()),
                    factory, FotaConfig.defaults(), download, PsmConfig.off(), RadioModel.typical(bearer, cell), i,
                    DeviceInfo.nrf9160(String.format(Locale.ROOT, "DEMO-%06d", i)), BootPolicy.DEFAULT, faults,
                    Optional.empty()));
        }
        return configs;
    }

    /** {@code count} indices spread evenly over {@code n}, none of them the first device. */
    static List<Integer> failingIndices(int n, int count) {
        List<Integer> out = new ArrayList<>();
        int c = Math.min(count, Math.max(0, n - 1));
        for (int k = 1; k <= c; k++) {
            out.add((int) ((long) k * n / (c + 1)));
        }
        return out;
    }

    private void awaitRegistrations(int n) throws IOException, InterruptedException {
        Instant deadline = clock.instant().plus(REGISTRATION_WAIT);
        int last = -1;
        while (true) {
            Fleet.Status s = fleet.status();
            if (s.registered() != last && (s.registered() == n || s.registered() / 10 != last / 10)) {
                say("%d of %d devices registered", s.registered(), n);
                last = s.registered();
            }
            if (s.registered() >= n) {
                return;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IOException("only " + s.registered() + " of " + n + " devices registered within "
                        + REGISTRATION_WAIT.toMinutes() + " minutes");
            }
            Thread.sleep(250);
        }
    }

    /**
     * The next release: 1.1.0 on the first run, then one minor version above the highest the server has, so
     * that every run has something new to roll out.
     */
    private String nextVersion() throws IOException {
        int minor = 0;
        for (JsonNode p : api.get("/api/v1/firmware?limit=500").path("items")) {
            ImageVersion v = ImageVersion.parse(p.path("version").asText("0.0.0").replaceAll("\\+.*", ""));
            if (v.major() == 1) {
                minor = Math.max(minor, v.minor());
            }
        }
        return "1." + (minor + 1) + ".0";
    }

    private byte[] image(DemoKeys keys, String v) {
        FlashLayout flash = FlashLayout.NRF9160;
        return ImageSigner.sign(payload(settings.imageSize(), v.hashCode()),
                SignOptions.zephyr(ImageVersion.parse(v), flash.slotSize()).withLayout(flash.maxSectors(), false),
                Optional.of(keys.signing()));
    }

    private static byte[] payload(int size, long seed) {
        byte[] payload = new byte[size];
        new SplittableRandom(seed).nextBytes(payload);
        return payload;
    }

    private static int freeUdpPort(InetAddress address) throws IOException {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(address, 0))) {
            return probe.getLocalPort();
        }
    }

    private static String describe(LinkProfile p) {
        return String.format(Locale.ROOT, "%.0f kbit/s down, %.0f kbit/s up, %d ms one way, %.0f%% loss",
                p.downlink().rateBitsPerSecond() / 1000.0, p.uplink().rateBitsPerSecond() / 1000.0,
                p.downlink().delay().toMillis(),
                p.downlink().loss() * 100);
    }

    private <T extends AutoCloseable> T keep(T part) {
        parts.add(part);
        return part;
    }

    private void say(String format, Object... args) {
        out.printf(Locale.ROOT, "demo: " + format + "%n", args);
        out.flush();
    }

    public CellotaServer server() {
        return server;
    }

    public Fleet fleet() {
        return fleet;
    }

    public ImpairmentProxy link() {
        return link;
    }

    /** Where the operator watches: the console. */
    public URI console() {
        return console;
    }

    public String campaignId() {
        return campaignId;
    }

    public String firmwareId() {
        return firmwareId;
    }

    /** The version this run rolls out, e.g. {@code 1.1.0}. */
    public String version() {
        return version;
    }

    /**
     * How to sign in to the console: the first admin's password while it is still the generated one (printed by
     * the demo at every run for convenience: it is a local demo; the file is readable by its owner only), else a
     * reminder that it was changed.
     */
    public String consoleSignIn() {
        java.nio.file.Path file = settings.dataDir().resolve("server").resolve(FirstAdmin.FILE);
        try {
            if (java.nio.file.Files.isRegularFile(file)) {
                return "user admin, password " + java.nio.file.Files.readString(file).strip();
            }
        } catch (IOException e) {
            return "user admin (its password file " + file + " is unreadable: " + e.getMessage() + ")";
        }
        return "user admin, with the password you gave it";
    }

    /** The campaign as the API shows it now. */
    public JsonNode campaign() throws IOException {
        return api.get("/api/v1/campaigns/" + campaignId);
    }

    /** One line about the campaign and the fleet for the terminal. */
    public String progressLine() throws IOException {
        JsonNode c = campaign();
        Map<String, Long> counts = new LinkedHashMap<>();
        c.path("counts").properties().forEach(e -> {
            if (e.getValue().asLong() > 0) {
                counts.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asLong());
            }
        });
        Fleet.Status s = fleet.status();
        return String.format(Locale.ROOT, "campaign %s %s %s | fleet: %d registered, versions %s",
                campaignId, c.path("status").asText(), counts, s.registered(), s.versions());
    }

    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                out.printf("demo: closing %s failed: %s%n", parts.get(i).getClass().getSimpleName(), e);
            }
        }
        parts.clear();
        out.flush();
    }
}
