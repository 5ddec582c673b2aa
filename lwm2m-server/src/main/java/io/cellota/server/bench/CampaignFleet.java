package io.cellota.server.bench;

import io.cellota.device.boot.BootPolicy;
import io.cellota.device.flash.FlashLayout;
import io.cellota.device.fota.FotaConfig;
import io.cellota.device.lwm2m.ClientResources;
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
import io.cellota.firmware.signing.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The campaign scenario's devices: {@code devices} simulated nRF9160s on factory firmware 1.0.0, DTLS-PSK
 * credentials put through the REST API, started at 100 per second on the shared {@link ClientResources}
 * (docs: {@code shared/reference/fleet-scaling.md}), each reaching the server through its own emulated link; in
 * eight cells. Returns from {@link #start} once all have registered. Closing it stops them.
 */
final class CampaignFleet implements AutoCloseable {

    /** 128 KiB slots: room for images up to about 120 KiB, and little flash to swap per device. */
    static final FlashLayout LAYOUT = FlashLayout.NRF9160.withName("bench-128k").withSlotSize(0x20000);
    static final double STARTS_PER_SECOND = 100;
    private static final Duration REGISTRATION_WAIT = Duration.ofMinutes(10);

    private final Fleet fleet;

    private CampaignFleet(Fleet fleet) {
        this.fleet = fleet;
    }

    static CampaignFleet start(Path dir, CampaignBench.Setup setup, SigningKey key, URI server, ApiCalls api,
            ClientResources shared, PrintWriter log) throws Exception {
        byte[] factory = image(8 * 1024, "1.0.0", key);
        Bearer bearer = setup.profile().name().startsWith("nb-iot") ? Bearer.NB_IOT : Bearer.LTE_M;
        List<DeviceConfig> configs = new ArrayList<>();
        for (int i = 0; i < setup.devices(); i++) {
            String name = ServeBench.endpoint(i);
            byte[] psk = DeliveryRig.pskKey(name);
            api.put("/api/v1/devices/" + name + "/credentials", "{\"mode\":\"psk\",\"identity\":\"" + name
                    + "\",\"key\":\"" + HexFormat.of().formatHex(psk) + "\"}");
            configs.add(new DeviceConfig(name, server, new DeviceCredentials.Psk(name, psk), Duration.ofHours(24),
                    false, Optional.empty(), InetAddress.getLoopbackAddress(),
                    Files.createDirectories(dir.resolve("d" + i)), LAYOUT, List.of(key.publicKey()), factory,
                    FotaConfig.defaults(), setup.download(), PsmConfig.off(),
                    RadioModel.typical(bearer, 0x10000 + i % 8), i,
                    DeviceInfo.nrf9160(String.format(Locale.ROOT, "BENCH-%06d", i)), BootPolicy.DEFAULT,
                    FaultPlan.NONE, Optional.empty()));
        }
        long start = System.nanoTime();
        Fleet fleet = Fleet.start(configs, shared, Clock.systemUTC(), STARTS_PER_SECOND);
        try {
            Fleet.Status status = fleet.status();
            long until = start + REGISTRATION_WAIT.toNanos();
            while (status.registered() < setup.devices() && status.crashed() == 0 && System.nanoTime() < until) {
                Thread.sleep(500);
                status = fleet.status();
            }
            log.printf(Locale.ROOT, "campaign: %d of %d devices registered over %s in %.1f s%n", status.registered(),
                    setup.devices(), setup.profile().name(), (System.nanoTime() - start) / 1e9);
            log.flush();
            if (status.registered() < setup.devices()) {
                throw new IOException("only " + status.registered() + " of " + setup.devices() + " devices registered ("
                        + status.crashed() + " crashed)");
            }
            return new CampaignFleet(fleet);
        } catch (Exception | Error e) {
            fleet.close();
            throw e;
        }
    }

    Fleet fleet() {
        return fleet;
    }

    /** An MCUboot image of about {@code bytes} bytes, version {@code version}, for {@link #LAYOUT}. */
    static byte[] image(int bytes, String version, SigningKey key) {
        byte[] payload = new byte[Math.max(16, bytes - 0x200 - 256)];
        new SplittableRandom(version.hashCode()).nextBytes(payload);
        return ImageSigner.sign(payload, SignOptions.zephyr(ImageVersion.parse(version), LAYOUT.slotSize())
                .withLayout(LAYOUT.maxSectors(), false), Optional.of(key));
    }

    @Override
    public void close() throws Exception {
        fleet.close();
    }
}
