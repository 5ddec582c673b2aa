package io.cellota.device.testkit;

import io.cellota.device.boot.BootPolicy;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.flash.FlashLayout;
import io.cellota.device.fota.FotaConfig;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.lwm2m.DeviceInfo;
import io.cellota.device.radio.Bearer;
import io.cellota.device.radio.PsmConfig;
import io.cellota.device.radio.RadioModel;
import io.cellota.device.sim.DeviceConfig;
import io.cellota.device.sim.FaultPlan;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.signing.ImageSigner;
import io.cellota.firmware.signing.SignOptions;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.firmware.testkit.ReferenceImages;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Simulated devices and firmware images for tests: a small flash layout (128 KiB slots, so swaps are quick),
 * images signed with the reference Ed25519 test key, which the devices trust, and loopback timing.
 */
public final class TestDevices {

    /** The key that signs test firmware; devices trust its public half. */
    public static final SigningKey SIGNING_KEY = ReferenceImages.privateKey("ed25519");
    /** 128 KiB slots of 4 KiB sectors. */
    public static final FlashLayout LAYOUT = FlashLayout.NRF9160.withName("test-128k").withSlotSize(0x20000);
    /** Download settings for loopback links: short timeouts, lockstep. */
    public static final DownloadOptions LOOPBACK_DOWNLOADS = DownloadOptions.DEFAULTS
            .withRto(Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(500), 2)
            .withRetries(4, Duration.ofMillis(50), Duration.ofMillis(400))
            .withDeadline(Duration.ofSeconds(40));
    public static final byte[] PSK_KEY = "cellota-test-psk".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private TestDevices() {
    }

    /** A signed image of {@code version} with {@code payloadSize} bytes of seeded random payload. */
    public static byte[] image(String version, int payloadSize) {
        return image(version, payloadSize, SIGNING_KEY);
    }

    public static byte[] image(String version, int payloadSize, SigningKey key) {
        byte[] payload = new byte[payloadSize];
        new SplittableRandom(payloadSize * 31L + version.hashCode()).nextBytes(payload);
        return ImageSigner.sign(payload, SignOptions.zephyr(ImageVersion.parse(version), LAYOUT.slotSize()),
                Optional.of(key));
    }

    /** A device that trusts the test key, runs factory firmware 1.0.0, and talks to {@code server}. */
    public static DeviceConfig config(String endpoint, URI server, DeviceCredentials credentials, Path stateDir) {
        return new DeviceConfig(endpoint, server, credentials, Duration.ofMinutes(5), false, Optional.empty(),
                InetAddress.getLoopbackAddress(), stateDir, LAYOUT, List.of(SIGNING_KEY.publicKey()),
                image("1.0.0", 4096), FotaConfig.defaults().withPushIdleTimeout(Duration.ofSeconds(30)),
                LOOPBACK_DOWNLOADS, PsmConfig.off(), RadioModel.typical(Bearer.LTE_M, 0x1234), 7L,
                DeviceInfo.nrf9160("SN-" + endpoint), BootPolicy.DEFAULT, FaultPlan.NONE, Optional.empty());
    }

    public static DeviceCredentials.Psk psk(String endpoint) {
        return new DeviceCredentials.Psk("id-" + endpoint, PSK_KEY);
    }
}
