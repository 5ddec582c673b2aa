package io.cellota.device.sim;

import io.cellota.device.boot.BootResult;
import io.cellota.device.boot.Bootloader;
import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.FileProgressStore;
import io.cellota.device.flash.FlashFaults;
import io.cellota.device.fota.BootControl;
import io.cellota.device.fota.BootReport;
import io.cellota.device.fota.DeviceRuntime;
import io.cellota.device.fota.FileFotaStateStore;
import io.cellota.device.fota.FirmwareUpdateService;
import io.cellota.device.fota.Object5View;
import io.cellota.device.fota.PackageValidator;
import io.cellota.device.lwm2m.ClientResources;
import io.cellota.device.lwm2m.DeviceDownloaders;
import io.cellota.device.lwm2m.LeshanDeviceClient;
import io.cellota.device.radio.PsmRadio;
import io.cellota.device.radio.RadioModel;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.object5.FirmwareUpdateResource;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.trailer.SwapType;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated nRF91-class device: flash with an MCUboot-like bootloader, firmware that implements LwM2M
 * objects 3, 4 and 5 and updates itself, a radio with PSM, and a state directory that survives restarts. A
 * reboot is what it is on hardware: the LwM2M client goes away, the bootloader runs (swapping, reverting,
 * refusing), then the firmware that the bootloader chose starts and registers again.
 *
 * <p>The firmware confirms a newly installed image once it has registered with its server; with the
 * {@link FaultPlan#newFirmwareCrashes()} fault the new image crashes first, so the bootloader reverts it.
 */
public final class SimulatedDevice implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);

    /** What a device reports to whoever watches it (tests, the fleet runner). */
    public interface Listener {
        default void booted(SimulatedDevice device, BootResult result) {
        }

        default void registered(SimulatedDevice device) {
        }

        /** A registration attempt failed (a refused DTLS handshake, an error response, a timeout); Leshan retries. */
        default void registrationFailed(SimulatedDevice device, String reason) {
        }

        default void crashed(SimulatedDevice device, String why) {
        }

        /** Object 5's State or Update Result changed. */
        default void firmwareUpdateChanged(SimulatedDevice device, Object5View view) {
        }

        /** A download progressed: {@code bytes} of {@code total} (-1 when unknown) are in flash. */
        default void downloadProgress(SimulatedDevice device, long bytes, long total) {
        }
    }

    private final DeviceConfig config;
    private final ClientResources shared;
    private final Clock clock;
    private final FlashFaults faults;
    private final Bootloader bootloader;
    private final RadioModel radio;
    private final PsmRadio psm;
    private final ImageVersion factoryVersion;
    private final ScheduledExecutorService scheduler;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger boots = new AtomicInteger();
    private final Object lock = new Object();
    private volatile FirmwareUpdateService firmware;
    private volatile LeshanDeviceClient client;
    private volatile boolean closed;

    private SimulatedDevice(DeviceConfig config, ClientResources shared, Clock clock, FlashFaults faults,
                            Bootloader bootloader, ImageVersion factoryVersion) {
        this.config = config;
        this.shared = shared;
        this.clock = clock;
        this.faults = faults;
        this.bootloader = bootloader;
        this.factoryVersion = factoryVersion;
        this.scheduler = shared.scheduler();
        this.radio = new RadioModel(config.radio(), config.radioSeed());
        this.psm = new PsmRadio(config.psm(), clock);
    }

    /**
     * Opens the device's flash in its state directory, programming the factory image into the primary slot the
     * first time. Nothing runs until {@link #powerOn()}.
     */
    public static SimulatedDevice create(DeviceConfig config, ClientResources shared, Clock clock) throws IOException {
        FlashFaults faults = FlashFaults.none();
        Bootloader bootloader = Bootloader.open(config.layout(), config.stateDir(), new ImageVerifier(config.trustedKeys()),
                config.boot(), faults);
        byte[] factory = config.factoryImage();
        McubootImage factoryImage;
        try {
            factoryImage = io.cellota.firmware.image.ImageReader.read(factory);
        } catch (io.cellota.firmware.image.ImageFormatException e) {
            bootloader.close();
            throw new IllegalArgumentException("the factory image is not an MCUboot image: " + e.getMessage(), e);
        }
        if (bootloader.primarySlot().isErased(0, 32)) {
            bootloader.primarySlot().write(0, factory);
            bootloader.primarySlot().sync();
        }
        config.faults().storageBudget().ifPresent(faults::limitWrites);
        return new SimulatedDevice(config, shared, clock, faults, bootloader, factoryImage.version());
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    public String endpoint() {
        return config.endpoint();
    }

    public DeviceConfig config() {
        return config;
    }

    /** Runs the bootloader and starts the firmware. */
    public void powerOn() throws IOException {
        synchronized (lock) {
            bootAndRun();
        }
    }

    /** Resets the device as a watchdog or a reboot command does, on the device's scheduler. */
    public void reboot(String reason) {
        scheduler.execute(() -> {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                LOG.info("{}: rebooting ({})", config.endpoint(), reason);
                stopFirmware();
                try {
                    bootAndRun();
                } catch (IOException | RuntimeException e) {
                    LOG.error("{}: the reboot failed: {}", config.endpoint(), e.toString());
                    listeners.forEach(l -> l.crashed(this, "reboot failed: " + e));
                }
            }
        });
    }

    private void bootAndRun() throws IOException {
        BootResult result = bootloader.boot();
        boots.incrementAndGet();
        listeners.forEach(l -> l.booted(this, result));
        if (!result.booted()) {
            String why = result.primaryFailure().map(Object::toString).orElse("no bootable image");
            LOG.error("{}: nothing to boot: {}", config.endpoint(), why);
            listeners.forEach(l -> l.crashed(this, why));
            return;
        }
        ImageVersion running = result.runningVersion().orElseThrow();
        if (config.faults().newFirmwareCrashes() && !running.equals(factoryVersion) && !bootloader.isConfirmed()) {
            LOG.warn("{}: firmware {} crashes before confirming itself (fault plan)", config.endpoint(), running);
            listeners.forEach(l -> l.crashed(this, "firmware " + running + " crashed"));
            scheduler.schedule(() -> reboot("watchdog after a crash"), 200, TimeUnit.MILLISECONDS);
            return;
        }
        FirmwareUpdateService service = new FirmwareUpdateService(parts());
        LeshanDeviceClient leshan = LeshanDeviceClient.create(settings(), deviceParts(), shared,
                new LeshanDeviceClient.Listener() {
                    @Override
                    public void registered() {
                        service.onRegistered();
                        listeners.forEach(l -> l.registered(SimulatedDevice.this));
                    }

                    @Override
                    public void registrationFailed(String reason) {
                        listeners.forEach(l -> l.registrationFailed(SimulatedDevice.this, reason));
                    }
                });
        firmware = service;
        client = leshan;
        service.onStart(new BootReport(result.runningVersion(),
                result.swapType() == SwapType.TEST || result.swapType() == SwapType.PERM, result.reverted(),
                result.rejection().map(Object::toString)));
        leshan.start();
    }

    private FirmwareUpdateService.Parts parts() {
        PackageValidator validator = new PackageValidator(new ImageVerifier(config.trustedKeys()),
                config.layout().maxImageSize(), config.fota().allowDowngrade());
        DeviceRuntime runtime = this::reboot;
        return new FirmwareUpdateService.Parts(config.fota(),
                PowerGatedStores.fota(new FileFotaStateStore(config.stateDir().resolve("fota.json")), faults),
                DeviceDownloaders.create(() -> client, config.download(), config.serverUri(), config.credentials(),
                        config.localAddress(), config.tls(), shared, clock), bootloader.secondarySink(),
                bootloader.secondarySlot(),
                PowerGatedStores.progress(new FileProgressStore(config.stateDir().resolve("download-progress.json")), faults),
                validator, bootControl(), runtime, this::firmwareChanged, new DownloadListener() {
                    @Override
                    public void onProgress(long bytes, long total) {
                        listeners.forEach(l -> l.downloadProgress(SimulatedDevice.this, bytes, total));
                    }
                }, scheduler, clock);
    }

    private void firmwareChanged(java.util.Set<FirmwareUpdateResource> resources) {
        LeshanDeviceClient c = client;
        if (c != null) {
            c.firmwareChanged(resources);
        }
        FirmwareUpdateService f = firmware;
        if (f != null && (resources.contains(FirmwareUpdateResource.STATE)
                || resources.contains(FirmwareUpdateResource.UPDATE_RESULT))) {
            Object5View view = f.view();
            listeners.forEach(l -> l.firmwareUpdateChanged(this, view));
        }
    }

    private BootControl bootControl() {
        return new BootControl() {
            @Override
            public Optional<ImageVersion> runningVersion() {
                return bootloader.runningVersion();
            }

            @Override
            public OptionalLong runningSecurityCounter() {
                return bootloader.lastBoot().flatMap(BootResult::runningImage)
                        .map(McubootImage::securityCounter).orElse(OptionalLong.empty());
            }

            @Override
            public void requestUpgrade(boolean permanent) throws IOException {
                bootloader.requestUpgrade(permanent);
            }

            @Override
            public void confirm() throws IOException {
                bootloader.confirm();
            }

            @Override
            public boolean isConfirmed() {
                try {
                    return bootloader.isConfirmed();
                } catch (IOException e) {
                    return false;
                }
            }
        };
    }

    private LeshanDeviceClient.Settings settings() {
        return new LeshanDeviceClient.Settings(config.endpoint(), config.serverUri(), config.credentials(),
                config.lifetime(), config.queueMode(), config.communicationPeriod(), config.localAddress());
    }

    private LeshanDeviceClient.DeviceParts deviceParts() {
        return new LeshanDeviceClient.DeviceParts(config.info(),
                () -> bootloader.runningVersion().map(ImageVersion::toString).orElse(""),
                new io.cellota.device.lwm2m.DeviceActions(this::rebootOnRequest, this::factoryResetOnRequest), radio, psm,
                () -> firmware, config.fota().objectVersion(), clock);
    }

    /** Execute /3/0/4 Reboot: after the reboot delay, so that the 2.04 reaches the server before the client goes. */
    private void rebootOnRequest(String reason) {
        scheduler.schedule(() -> reboot(reason), config.fota().rebootDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Execute /3/0/5 Factory Reset: after the reboot delay, like Reboot. */
    private void factoryResetOnRequest() {
        scheduler.schedule(this::factoryReset, config.fota().rebootDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Object 3 Factory Reset: the downloaded package, the download progress and the Object 5 state are erased;
     * the running firmware stays (a device never erases its own primary slot); then the device reboots.
     */
    private void factoryReset() {
        scheduler.execute(() -> {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                LOG.info("{}: factory reset", config.endpoint());
                stopFirmware();
                try {
                    bootloader.secondarySink().reset();
                    java.nio.file.Files.deleteIfExists(config.stateDir().resolve("fota.json"));
                    java.nio.file.Files.deleteIfExists(config.stateDir().resolve("download-progress.json"));
                    bootAndRun();
                } catch (IOException | RuntimeException e) {
                    LOG.error("{}: the factory reset failed: {}", config.endpoint(), e.toString());
                    listeners.forEach(l -> l.crashed(this, "factory reset failed: " + e));
                }
            }
        });
    }

    private void stopFirmware() {
        LeshanDeviceClient c = client;
        FirmwareUpdateService f = firmware;
        client = null;
        if (c != null) {
            c.close();
        }
        if (f != null) {
            f.close();
        }
    }

    /** Sends a registration update now: the device wakes and the server may reach it. */
    public void wakeUp() {
        LeshanDeviceClient c = client;
        if (c != null) {
            c.triggerUpdate();
        }
    }

    public boolean isRegistered() {
        LeshanDeviceClient c = client;
        return c != null && c.isRegistered();
    }

    public Optional<ImageVersion> runningVersion() {
        return bootloader.runningVersion();
    }

    /** Object 5 now, if the firmware runs. */
    public Optional<Object5View> firmwareUpdate() {
        FirmwareUpdateService f = firmware;
        return f == null ? Optional.empty() : Optional.of(f.view());
    }

    public int boots() {
        return boots.get();
    }

    public PsmRadio psm() {
        return psm;
    }

    public RadioModel radio() {
        return radio;
    }

    public FlashFaults flashFaults() {
        return faults;
    }

    public Bootloader bootloader() {
        return bootloader;
    }

    /** Powers the device off: nothing more is sent, state stays on "flash". */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closed = true;
            stopFirmware();
            bootloader.close();
        }
    }
}
