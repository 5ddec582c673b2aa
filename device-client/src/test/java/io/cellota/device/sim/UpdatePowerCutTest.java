package io.cellota.device.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.boot.BootPolicy;
import io.cellota.device.boot.BootResult;
import io.cellota.device.boot.Bootloader;
import io.cellota.device.download.BlockSink;
import io.cellota.device.download.Download;
import io.cellota.device.download.DownloadListener;
import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.download.DownloadProgress;
import io.cellota.device.download.Downloader;
import io.cellota.device.download.FileProgressStore;
import io.cellota.device.download.ProgressStore;
import io.cellota.device.flash.FlashFaults;
import io.cellota.device.flash.PowerCut;
import io.cellota.device.flash.PowerCutException;
import io.cellota.device.fota.BootControl;
import io.cellota.device.fota.BootReport;
import io.cellota.device.fota.FileFotaStateStore;
import io.cellota.device.fota.FirmwareUpdateService;
import io.cellota.device.fota.FotaConfig;
import io.cellota.device.fota.PackageValidator;
import io.cellota.device.testkit.TestDevices;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.trailer.SwapType;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power cut at every flash write of one whole update — download, upgrade request, swap, confirmation — on
 * the device's real flash, bootloader and update logic. After each cut the device restarts: it must always
 * boot a valid image, its Object 5 state must tell the truth about its flash, and driving the update on (as a
 * server would) must end with the new firmware running and confirmed.
 */
class UpdatePowerCutTest {

    private static final byte[] NEW_IMAGE = TestDevices.image("1.1.0", 20_000);
    private static final URI PACKAGE = URI.create("coap://server/fw/1.1.0");
    private static final ImageVerifier VERIFIER = new ImageVerifier(List.of(TestDevices.SIGNING_KEY.publicKey()));

    @TempDir
    Path root;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void every_cut_leaves_a_bootable_honest_device_that_finishes_the_update() throws Exception {
        long writes = cleanRunWrites();
        assertThat(writes).as("an update writes flash many times").isGreaterThan(20);

        for (long cut = 1; cut <= writes; cut++) {
            Path dir = Files.createDirectories(root.resolve("cut-" + cut));
            int restarts;
            try {
                restarts = runUpdate(dir, OptionalLong.of(cut));
            } catch (AssertionError e) {
                throw new AssertionError("power cut at write " + cut + " of " + writes + ": " + e.getMessage(), e);
            }
            assertThat(restarts).as("cut at write %d caused a restart", cut).isPositive();
        }
    }

    /** The flash writes of one uninterrupted update, which must succeed without a restart. */
    private long cleanRunWrites() throws Exception {
        FlashFaults counter = FlashFaults.none();
        assertThat(driveToSuccess(Files.createDirectories(root.resolve("clean")), OptionalLong.empty(), counter))
                .isZero();
        return counter.writes() - 1; // the factory image programmed at the first power-on is not the update's
    }

    private int runUpdate(Path dir, OptionalLong cut) throws Exception {
        return driveToSuccess(dir, cut, null);
    }

    /**
     * Drives the update as a server would — write the URI, wait, execute, let it reboot; after a failure, reset
     * and start again — restarting the device after every power cut. Returns how many cuts happened.
     */
    private int driveToSuccess(Path dir, OptionalLong cut, FlashFaults counter) throws Exception {
        int restarts = 0;
        OptionalLong armed = cut;
        FlashFaults power = counter != null ? counter : FlashFaults.none();
        PoweredDevice device = null;
        for (int step = 0; step < 60; step++) {
            try {
                if (device == null) {
                    device = PoweredDevice.on(dir, power, armed, scheduler);
                    armed = OptionalLong.empty();
                    device.assertHonest();
                }
                if (power.powerLost()) {
                    device.close();
                    device = null;
                    power = FlashFaults.none();
                    restarts++;
                    continue;
                }
                FirmwareUpdateStatus status = device.service.view().status();
                if (status.isSuccess()) {
                    assertThat(device.boot.runningVersion()).contains(ImageVersion.parse("1.1.0"));
                    assertThat(device.boot.isConfirmed()).isTrue();
                    device.close();
                    return restarts;
                }
                device.advance(status);
                if (device.rebootRequested.get()) {
                    device.close();
                    device = null;
                }
            } catch (PowerCutException e) {
                if (device != null) {
                    device.close();
                }
                device = null;
                power = FlashFaults.none();
                restarts++;
            }
        }
        throw new AssertionError("the update did not finish after 60 steps (" + restarts + " restarts)");
    }

    /** One power-on of the device: bootloader run, firmware started and registered. */
    private static final class PoweredDevice implements AutoCloseable {
        final FlashFaults faults;
        final Bootloader boot;
        final FirmwareUpdateService service;
        final AtomicBoolean rebootRequested = new AtomicBoolean();
        final BootResult booted;

        /** Powers on; programs the factory image the first time, then arms {@code cut} for what follows. */
        static PoweredDevice on(Path dir, FlashFaults faults, OptionalLong cut, ScheduledExecutorService scheduler)
                throws IOException {
            Bootloader boot = Bootloader.open(TestDevices.LAYOUT, dir, VERIFIER, BootPolicy.DEFAULT, faults);
            try {
                if (boot.primarySlot().isErased(0, 32)) {
                    boot.primarySlot().write(0, TestDevices.image("1.0.0", 4096));
                }
                cut.ifPresent(n -> faults.cutPower(PowerCut.onWrite(n)));
                return new PoweredDevice(dir, faults, boot, scheduler);
            } catch (IOException | RuntimeException e) {
                boot.close();
                throw e;
            }
        }

        private PoweredDevice(Path dir, FlashFaults faults, Bootloader boot, ScheduledExecutorService scheduler)
                throws IOException {
            this.faults = faults;
            this.boot = boot;
            this.booted = boot.boot();
            assertThat(booted.booted()).as("the device always boots a valid image").isTrue();
            PackageValidator validator = new PackageValidator(VERIFIER, TestDevices.LAYOUT.maxImageSize(), false);
            this.service = new FirmwareUpdateService(new FirmwareUpdateService.Parts(FotaConfig.defaults(),
                    PowerGatedStores.fota(new FileFotaStateStore(dir.resolve("fota.json")), faults),
                    List.of(new BlockPull(scheduler)), boot.secondarySink(), boot.secondarySlot(),
                    PowerGatedStores.progress(new FileProgressStore(dir.resolve("progress.json")), faults),
                    validator, control(boot), reason -> rebootRequested.set(true), resources -> { },
                    DownloadListener.NONE, scheduler, Clock.systemUTC()));
            service.onStart(new BootReport(booted.runningVersion(),
                    booted.swapType() == SwapType.TEST || booted.swapType() == SwapType.PERM, booted.reverted(),
                    booted.rejection().map(Object::toString)));
            service.onRegistered();
        }

        /** Object 5 says nothing its flash contradicts. */
        void assertHonest() throws IOException {
            FirmwareUpdateStatus status = service.view().status();
            if (status.state() == UpdateState.DOWNLOADED) {
                var secondary = VERIFIER.verify(boot.secondarySlot());
                assertThat(secondary.isValid()).as("Downloaded (%s) means a valid package in the secondary slot, but: %s;"
                        + " boot %s", status, secondary.describe(), booted).isTrue();
            }
            if (status.isSuccess()) {
                assertThat(boot.runningVersion()).contains(ImageVersion.parse("1.1.0"));
            }
        }

        /** One server action for the current state, then wait for the device to act on it. */
        void advance(FirmwareUpdateStatus status) throws Exception {
            switch (status.state()) {
                case IDLE -> {
                    service.writePackageUri(PACKAGE.toString());
                    awaitLeaving(UpdateState.DOWNLOADING);
                }
                case DOWNLOADING -> awaitLeaving(UpdateState.DOWNLOADING);
                case DOWNLOADED -> {
                    if (status.result() == UpdateResult.UPDATE_FAILED) {
                        service.writePackageUri("");
                        return;
                    }
                    service.executeUpdate();
                    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10)).until(() -> rebootRequested.get() || faults.powerLost()
                            || service.view().status().state() != UpdateState.UPDATING);
                }
                case UPDATING -> throw new AssertionError("still Updating after the new image was confirmed");
            }
        }

        private void awaitLeaving(UpdateState state) {
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(10)).until(() -> faults.powerLost()
                    || service.view().status().state() != state);
        }

        @Override
        public void close() throws IOException {
            service.close();
            boot.close();
        }

        private static BootControl control(Bootloader boot) {
            return new BootControl() {
                @Override
                public Optional<ImageVersion> runningVersion() {
                    return boot.runningVersion();
                }

                @Override
                public OptionalLong runningSecurityCounter() {
                    return boot.lastBoot().flatMap(BootResult::runningImage).map(McubootImage::securityCounter)
                            .orElse(OptionalLong.empty());
                }

                @Override
                public void requestUpgrade(boolean permanent) throws IOException {
                    boot.requestUpgrade(permanent);
                }

                @Override
                public void confirm() throws IOException {
                    boot.confirm();
                }

                @Override
                public boolean isConfirmed() {
                    try {
                        return boot.isConfirmed();
                    } catch (IOException e) {
                        return false;
                    }
                }
            };
        }
    }

    /**
     * A pull that writes the new image in 1 KiB blocks, flushing and saving progress after each as the real
     * downloader does, and resuming from saved progress.
     */
    private record BlockPull(ScheduledExecutorService scheduler) implements Downloader {
        private static final int BLOCK = 1024;

        @Override
        public boolean supports(URI uri) {
            return "coap".equals(uri.getScheme());
        }

        @Override
        public Download start(URI uri, BlockSink sink, ProgressStore progress, DownloadListener listener) {
            CompletableFuture<DownloadOutcome> outcome = new CompletableFuture<>();
            scheduler.execute(() -> {
                try {
                    DownloadProgress p = progress.load().filter(saved -> saved.uri().equals(uri.toString()))
                            .orElse(null);
                    if (p == null) {
                        sink.reset();
                        p = DownloadProgress.start(uri.toString(), BLOCK)
                                .withResource(Optional.of(new byte[] {1}), Optional.of((long) NEW_IMAGE.length));
                    }
                    long blocks = p.blockCount().orElseThrow();
                    for (long n = p.firstMissing(); n < blocks; n++) {
                        int from = (int) (n * BLOCK);
                        sink.write(from, ByteBuffer.wrap(NEW_IMAGE, from, Math.min(BLOCK, NEW_IMAGE.length - from)));
                        sink.flush();
                        p = p.withBlock(n);
                        progress.save(p);
                    }
                    outcome.complete(new DownloadOutcome.Completed(NEW_IMAGE.length, Optional.empty()));
                } catch (IOException | RuntimeException e) {
                    outcome.complete(new DownloadOutcome.Failed(DownloadOutcome.Failure.OUT_OF_STORAGE, e.toString()));
                }
            });
            return new Download() {
                @Override
                public CompletionStage<DownloadOutcome> outcome() {
                    return outcome;
                }

                @Override
                public void cancel() {
                    outcome.complete(new DownloadOutcome.Failed(DownloadOutcome.Failure.CANCELLED, "cancelled"));
                }
            };
        }
    }
}
