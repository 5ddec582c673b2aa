package io.cellota.device.fota;

import static io.cellota.firmware.object5.UpdateResult.CANCELLED;
import static io.cellota.firmware.object5.UpdateResult.CONNECTION_LOST;
import static io.cellota.firmware.object5.UpdateResult.INITIAL;
import static io.cellota.firmware.object5.UpdateResult.INTEGRITY_CHECK_FAILURE;
import static io.cellota.firmware.object5.UpdateResult.INVALID_URI;
import static io.cellota.firmware.object5.UpdateResult.NOT_ENOUGH_FLASH;
import static io.cellota.firmware.object5.UpdateResult.OUT_OF_RAM;
import static io.cellota.firmware.object5.UpdateResult.SUCCESS;
import static io.cellota.firmware.object5.UpdateResult.UNSUPPORTED_PACKAGE_TYPE;
import static io.cellota.firmware.object5.UpdateResult.UNSUPPORTED_PROTOCOL;
import static io.cellota.firmware.object5.UpdateResult.UPDATE_FAILED;
import static io.cellota.firmware.object5.UpdateState.DOWNLOADED;
import static io.cellota.firmware.object5.UpdateState.DOWNLOADING;
import static io.cellota.firmware.object5.UpdateState.IDLE;
import static io.cellota.firmware.object5.UpdateState.UPDATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellota.device.download.DownloadOutcome;
import io.cellota.device.fota.FotaFakes.FakeBoot;
import io.cellota.device.fota.FotaFakes.MemoryProgressStore;
import io.cellota.device.fota.FotaFakes.MemorySlot;
import io.cellota.device.fota.FotaFakes.MemoryStateStore;
import io.cellota.device.fota.FotaFakes.RecordingRuntime;
import io.cellota.device.fota.FotaFakes.ScriptedDownloader;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.object5.FirmwareUpdateResource;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.firmware.object5.Rejection;
import io.cellota.firmware.object5.Transition;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import io.cellota.firmware.signing.ImageSigner;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.SignOptions;
import io.cellota.firmware.testkit.ReferenceImages;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Object 5 on the device, one Update Result at a time, with every collaborator faked. */
class FirmwareUpdateServiceTest {

    private static final int SLOT = 64 * 1024;
    private static final byte[] NEW_IMAGE = image("1.1.0", ReferenceImages.privateKey("ed25519"));

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final MemorySlot slot = new MemorySlot(SLOT, SLOT - 2048);
    private final MemoryStateStore store = new MemoryStateStore();
    private final MemoryProgressStore progress = new MemoryProgressStore();
    private final ScriptedDownloader downloader = new ScriptedDownloader(Set.of("coap", "coaps", "http"), NEW_IMAGE);
    private final FakeBoot boot = new FakeBoot("1.0.0");
    private final RecordingRuntime runtime = new RecordingRuntime();
    private final List<Set<FirmwareUpdateResource>> notified = new CopyOnWriteArrayList<>();
    private FotaConfig config = FotaConfig.defaults().withPushIdleTimeout(Duration.ofSeconds(30));

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    private FirmwareUpdateService service() throws Exception {
        PackageValidator validator = new PackageValidator(
                new ImageVerifier(List.of(ReferenceImages.publicKey("ed25519"))), slot.capacity(), config.allowDowngrade());
        return new FirmwareUpdateService(new FirmwareUpdateService.Parts(config, store, List.of(downloader), slot, slot,
                progress, validator, boot, runtime, notified::add, io.cellota.device.download.DownloadListener.NONE,
                scheduler, Clock.systemUTC()));
    }

    private static byte[] image(String version, io.cellota.firmware.signing.SigningKey key) {
        return ImageSigner.sign(ReferenceImages.bytes(ReferenceImages.PAYLOAD_3001),
                SignOptions.zephyr(ImageVersion.parse(version), SLOT), Optional.of(key));
    }

    private static void awaitStatus(FirmwareUpdateService s, UpdateState state, UpdateResult result) {
        await().atMost(Duration.ofSeconds(10)).until(() -> s.view().status(),
                st -> st.equals(new FirmwareUpdateStatus(state, result)));
    }

    @Test
    void a_pulled_package_is_verified_installed_and_reported_after_the_device_is_back() throws Exception {
        FirmwareUpdateService s = service();

        assertThat(s.writePackageUri("coaps://server/fw/abc")).isInstanceOf(Transition.Accepted.class);
        assertThat(store.saved).as("Downloading is persisted before the write is acknowledged")
                .anyMatch(st -> st.status().state() == DOWNLOADING);
        awaitStatus(s, DOWNLOADED, INITIAL);
        assertThat(s.view().packageVersion()).isEqualTo("1.1.0+0");
        assertThat(s.view().packageName()).isEqualTo("abc");

        assertThat(s.executeUpdate()).isInstanceOf(Transition.Accepted.class);
        assertThat(s.view().status().state()).isEqualTo(UPDATING);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.reboots.size() == 1);
        assertThat(boot.upgradeRequests).containsExactly(false);

        boot.running = Optional.of(ImageVersion.parse("1.1.0"));
        boot.confirmed = false;
        FirmwareUpdateService rebooted = service();
        rebooted.onStart(new BootReport(boot.running, true, false, Optional.empty()));
        assertThat(rebooted.view().status().state()).as("not success before the server is reached").isEqualTo(UPDATING);
        rebooted.onRegistered();

        assertThat(rebooted.view().status()).isEqualTo(new FirmwareUpdateStatus(IDLE, SUCCESS));
        assertThat(boot.confirmed).isTrue();
        assertThat(notified).anyMatch(n -> n.contains(FirmwareUpdateResource.UPDATE_RESULT));
    }

    @Test
    void a_package_larger_than_the_slot_is_result_2() throws Exception {
        downloader.failing(DownloadOutcome.Failure.TOO_LARGE);
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/big");
        awaitStatus(s, IDLE, NOT_ENOUGH_FLASH);
    }

    @Test
    void running_out_of_storage_is_result_3() throws Exception {
        downloader.failing(DownloadOutcome.Failure.OUT_OF_STORAGE);
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        awaitStatus(s, IDLE, OUT_OF_RAM);
    }

    @Test
    void a_lost_connection_is_result_4_and_keeps_the_progress_for_a_resume() throws Exception {
        progress.progress = io.cellota.device.download.DownloadProgress.start("coap://server/fw/x", 512).withBlock(0);
        downloader.failing(DownloadOutcome.Failure.CONNECTION_LOST);
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        awaitStatus(s, IDLE, CONNECTION_LOST);
        assertThat(progress.progress).isNotNull();
    }

    @Test
    void a_package_signed_by_an_untrusted_key_is_result_5_and_is_erased() throws Exception {
        downloader.serving(image("1.1.0", PemKeys.generate(KeyType.ED25519, "rogue")));
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        awaitStatus(s, IDLE, INTEGRITY_CHECK_FAILURE);
        assertThat(slot.resets).isPositive();
    }

    @Test
    void a_corrupted_package_is_result_5() throws Exception {
        byte[] corrupted = NEW_IMAGE.clone();
        corrupted[0x200 + 10] ^= 1;
        downloader.serving(corrupted);
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        awaitStatus(s, IDLE, INTEGRITY_CHECK_FAILURE);
    }

    @Test
    void something_that_is_not_an_mcuboot_image_is_result_6() throws Exception {
        downloader.serving("#!/bin/sh\necho this is not firmware\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        awaitStatus(s, IDLE, UNSUPPORTED_PACKAGE_TYPE);
    }

    @Test
    void a_malformed_uri_is_accepted_then_reported_as_result_7() throws Exception {
        FirmwareUpdateService s = service();
        assertThat(s.writePackageUri("coap://bad host/%%")).isInstanceOf(Transition.Accepted.class);
        awaitStatus(s, IDLE, INVALID_URI);
        assertThat(downloader.started).isEmpty();
    }

    @Test
    void a_scheme_the_device_does_not_support_is_result_9() throws Exception {
        config = config.withProtocols(EnumSet.of(ProtocolSupport.COAPS));
        FirmwareUpdateService s = service();
        s.writePackageUri("http://server/fw/x");
        awaitStatus(s, IDLE, UNSUPPORTED_PROTOCOL);
        s.writePackageUri("coap+tcp://server/fw/x");
        awaitStatus(s, IDLE, UNSUPPORTED_PROTOCOL);
        assertThat(downloader.started).isEmpty();
    }

    @Test
    void cancel_during_a_download_is_result_10_and_stops_the_download() throws Exception {
        downloader.hold = true;
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        await().until(() -> downloader.outcomes.size() == 1);

        assertThat(s.cancel()).isInstanceOf(Transition.Accepted.class);

        assertThat(s.view().status()).isEqualTo(new FirmwareUpdateStatus(IDLE, CANCELLED));
        assertThat(downloader.outcomes.get(0)).isCompleted();
        assertThat(s.view().packageUri()).isEmpty();
    }

    @Test
    void a_tested_image_that_was_reverted_is_result_8_and_stays_downloaded() throws Exception {
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        awaitStatus(s, DOWNLOADED, INITIAL);
        s.executeUpdate();
        await().until(() -> runtime.reboots.size() == 1);

        FirmwareUpdateService rebooted = service();
        rebooted.onStart(new BootReport(Optional.of(ImageVersion.parse("1.0.0")), false, true, Optional.empty()));

        assertThat(rebooted.view().status()).isEqualTo(new FirmwareUpdateStatus(DOWNLOADED, UPDATE_FAILED));
    }

    @Test
    void an_image_the_bootloader_refuses_is_an_integrity_failure_after_update() throws Exception {
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        awaitStatus(s, DOWNLOADED, INITIAL);
        s.executeUpdate();
        await().until(() -> runtime.reboots.size() == 1);

        FirmwareUpdateService rebooted = service();
        rebooted.onStart(new BootReport(Optional.of(ImageVersion.parse("1.0.0")), false, false,
                Optional.of("hash mismatch")));

        assertThat(rebooted.view().status()).isEqualTo(new FirmwareUpdateStatus(IDLE, INTEGRITY_CHECK_FAILURE));
    }

    @Test
    void update_without_a_downloaded_package_is_refused_and_changes_nothing() throws Exception {
        FirmwareUpdateService s = service();

        Transition t = s.executeUpdate();

        assertThat(t).isInstanceOfSatisfying(Transition.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(Rejection.METHOD_NOT_ALLOWED));
        assertThat(s.view().status()).isEqualTo(FirmwareUpdateStatus.INITIAL);
        assertThat(runtime.reboots).isEmpty();
    }

    @Test
    void a_second_uri_while_downloading_is_refused() throws Exception {
        downloader.hold = true;
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");

        assertThat(s.writePackageUri("coap://server/fw/y")).isInstanceOfSatisfying(Transition.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo(Rejection.BAD_REQUEST));
        await().until(() -> downloader.outcomes.size() == 1);
        downloader.release(slot);
        awaitStatus(s, DOWNLOADED, INITIAL);
    }

    @Test
    void a_restart_while_downloading_resumes_the_same_uri() throws Exception {
        downloader.hold = true;
        service().writePackageUri("coap://server/fw/x");
        await().until(() -> downloader.started.size() == 1);

        downloader.hold = false;
        FirmwareUpdateService restarted = service();
        restarted.onStart(BootReport.plain(boot.running));

        awaitStatus(restarted, DOWNLOADED, INITIAL);
        assertThat(downloader.started).extracting(Object::toString)
                .containsExactly("coap://server/fw/x", "coap://server/fw/x");
    }

    @Test
    void an_empty_uri_resets_and_erases_the_package() throws Exception {
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        awaitStatus(s, DOWNLOADED, INITIAL);

        assertThat(s.writePackageUri("")).isInstanceOf(Transition.Accepted.class);

        assertThat(s.view().status()).isEqualTo(FirmwareUpdateStatus.INITIAL);
        assertThat(slot.resets).isPositive();
    }

    @Test
    void a_downgrade_is_refused_unless_allowed() throws Exception {
        boot.running = Optional.of(ImageVersion.parse("2.0.0"));
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        awaitStatus(s, IDLE, INTEGRITY_CHECK_FAILURE);

        config = config.withAllowDowngrade(true);
        FirmwareUpdateService lenient = service();
        lenient.writePackageUri("coap://server/fw/x");
        awaitStatus(lenient, DOWNLOADED, INITIAL);
    }

    @Test
    void a_pushed_package_is_streamed_block_by_block_and_verified() throws Exception {
        FirmwareUpdateService s = service();
        PushSession push = ((PushSession.Start.Started) s.beginPush(OptionalLong.of(NEW_IMAGE.length))).session();
        for (int offset = 0; offset < NEW_IMAGE.length; offset += 512) {
            int n = Math.min(512, NEW_IMAGE.length - offset);
            assertThat(push.write(offset, ByteBuffer.wrap(NEW_IMAGE, offset, n))).isTrue();
        }
        assertThat(s.view().status().state()).isEqualTo(DOWNLOADING);

        push.complete(NEW_IMAGE.length);

        assertThat(s.view().status()).isEqualTo(new FirmwareUpdateStatus(DOWNLOADED, INITIAL));
        assertThat(s.view().packageVersion()).isEqualTo("1.1.0+0");
    }

    @Test
    void a_push_announcing_more_than_the_slot_holds_is_result_2() throws Exception {
        FirmwareUpdateService s = service();
        PushSession push = ((PushSession.Start.Started) s.beginPush(OptionalLong.of(SLOT * 2L))).session();

        assertThat(push.failure()).contains(NOT_ENOUGH_FLASH);
        assertThat(s.view().status()).isEqualTo(new FirmwareUpdateStatus(IDLE, NOT_ENOUGH_FLASH));
    }

    @Test
    void a_push_that_stalls_is_a_lost_connection() throws Exception {
        config = config.withPushIdleTimeout(Duration.ofMillis(200));
        FirmwareUpdateService s = service();
        PushSession push = ((PushSession.Start.Started) s.beginPush(OptionalLong.empty())).session();
        push.write(0, ByteBuffer.wrap(NEW_IMAGE, 0, 512));

        awaitStatus(s, IDLE, CONNECTION_LOST);
        assertThat(push.write(512, ByteBuffer.wrap(NEW_IMAGE, 512, 512))).isFalse();
    }

    @Test
    void the_null_byte_package_write_resets() throws Exception {
        FirmwareUpdateService s = service();
        s.writePackageUri("coap://server/fw/x");
        awaitStatus(s, DOWNLOADED, INITIAL);

        assertThat(s.writePackage(new byte[] {0})).isInstanceOf(Transition.Accepted.class);

        assertThat(s.view().status()).isEqualTo(FirmwareUpdateStatus.INITIAL);
    }
}
