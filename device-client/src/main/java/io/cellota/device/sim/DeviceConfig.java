package io.cellota.device.sim;

import io.cellota.device.boot.BootPolicy;
import io.cellota.device.download.DownloadOptions;
import io.cellota.device.flash.FlashLayout;
import io.cellota.device.fota.FotaConfig;
import io.cellota.device.lwm2m.DeviceCredentials;
import io.cellota.device.lwm2m.DeviceInfo;
import io.cellota.device.radio.PsmConfig;
import io.cellota.device.radio.RadioConditions;
import io.cellota.firmware.signing.TrustedKey;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Everything one simulated device is made of.
 *
 * @param endpoint            LwM2M endpoint name
 * @param serverUri           the LwM2M server, {@code coap://} or {@code coaps://}
 * @param credentials         matching the scheme
 * @param lifetime            registration lifetime
 * @param queueMode           register in queue mode
 * @param communicationPeriod the device's own update period (its PSM periodic TAU), if not Leshan's default
 * @param localAddress        where its sockets bind
 * @param stateDir            its flash and state files; they survive restarts
 * @param layout              the flash layout (slot size, sectors, alignment)
 * @param trustedKeys         keys its bootloader and firmware accept images from
 * @param factoryImage        the signed image programmed into the primary slot the first time
 * @param fota                Object 5 behaviour
 * @param download            how it downloads (block size, window, retries)
 * @param psm                 power saving
 * @param radio               its radio at power-on
 * @param radioSeed           seeds the radio's random walk
 * @param info                Object 3 identity
 * @param boot                bootloader policy (rollback protection)
 * @param faults              injected faults
 * @param tls                 trust for HTTPS downloads; the JDK's default trust store when empty
 */
public record DeviceConfig(String endpoint, URI serverUri, DeviceCredentials credentials, Duration lifetime,
                           boolean queueMode, Optional<Duration> communicationPeriod, InetAddress localAddress,
                           Path stateDir, FlashLayout layout, List<TrustedKey> trustedKeys, byte[] factoryImage,
                           FotaConfig fota, DownloadOptions download, PsmConfig psm, RadioConditions radio,
                           long radioSeed, DeviceInfo info, BootPolicy boot, FaultPlan faults,
                           Optional<SSLContext> tls) {

    public DeviceConfig {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(stateDir, "stateDir");
        trustedKeys = List.copyOf(trustedKeys);
        if (trustedKeys.isEmpty()) {
            throw new IllegalArgumentException("a device must trust at least one signing key");
        }
        factoryImage = factoryImage.clone();
    }

    @Override
    public byte[] factoryImage() {
        return factoryImage.clone();
    }

    public DeviceConfig withFaults(FaultPlan plan) {
        return new DeviceConfig(endpoint, serverUri, credentials, lifetime, queueMode, communicationPeriod,
                localAddress, stateDir, layout, trustedKeys, factoryImage, fota, download, psm, radio, radioSeed, info,
                boot, plan, tls);
    }

    public DeviceConfig withFota(FotaConfig f) {
        return new DeviceConfig(endpoint, serverUri, credentials, lifetime, queueMode, communicationPeriod,
                localAddress, stateDir, layout, trustedKeys, factoryImage, f, download, psm, radio, radioSeed, info,
                boot, faults, tls);
    }

    public DeviceConfig withPsm(PsmConfig p, Optional<Duration> period) {
        return new DeviceConfig(endpoint, serverUri, credentials, lifetime, queueMode, period, localAddress,
                stateDir, layout, trustedKeys, factoryImage, fota, download, p, radio, radioSeed, info, boot, faults, tls);
    }

    /** This device registering in LwM2M 1.1 queue mode (it sleeps between uplinks), or not. */
    public DeviceConfig withQueueMode(boolean queue) {
        return new DeviceConfig(endpoint, serverUri, credentials, lifetime, queue, communicationPeriod, localAddress,
                stateDir, layout, trustedKeys, factoryImage, fota, download, psm, radio, radioSeed, info, boot, faults, tls);
    }

    public DeviceConfig withDownload(DownloadOptions d) {
        return new DeviceConfig(endpoint, serverUri, credentials, lifetime, queueMode, communicationPeriod,
                localAddress, stateDir, layout, trustedKeys, factoryImage, fota, d, psm, radio, radioSeed, info, boot,
                faults, tls);
    }

    public DeviceConfig withTls(Optional<SSLContext> trust) {
        return new DeviceConfig(endpoint, serverUri, credentials, lifetime, queueMode, communicationPeriod,
                localAddress, stateDir, layout, trustedKeys, factoryImage, fota, download, psm, radio, radioSeed, info,
                boot, faults, trust);
    }

    public DeviceConfig withServer(URI uri, DeviceCredentials c) {
        return new DeviceConfig(endpoint, uri, c, lifetime, queueMode, communicationPeriod, localAddress, stateDir,
                layout, trustedKeys, factoryImage, fota, download, psm, radio, radioSeed, info, boot, faults, tls);
    }
}
