package io.cellota.device.boot;

import static io.cellota.device.boot.BootBench.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.flash.FlashLayout;
import io.cellota.firmware.image.ImageReader;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.testkit.ReferenceImages;
import io.cellota.firmware.trailer.FlagState;
import io.cellota.firmware.trailer.ImageTrailer;
import io.cellota.firmware.trailer.MagicState;
import io.cellota.firmware.trailer.SwapType;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCUboot upgrade lifecycle in swap-using-scratch mode: test, confirm or revert, permanent.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-swapping">MCUboot design: image swapping</a>
 */
class BootloaderLifecycleTest {

    private static final byte[] V1 = TestImages.image("1.0.0", 7000);
    private static final byte[] V2 = TestImages.image("2.0.0", 10_000);
    private static final byte[] V3 = TestImages.image("3.0.0", 5000);

    @TempDir
    Path dir;

    @Test
    void a_factory_programmed_image_boots_without_a_swap_and_counts_as_confirmed() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).program(V1)) {
            BootResult result = bench.bootloader().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.NONE);
            assertThat(result.runningVersion()).contains(version("1.0.0"));
            assertThat(result.resumed()).isFalse();
            assertThat(result.rejection()).isEmpty();
            assertThat(bench.bootloader().isConfirmed()).isTrue();
            assertThat(bench.bootloader().primaryTrailer()).isEqualTo(ImageTrailer.ERASED);
        }
    }

    @Test
    void a_test_upgrade_swaps_the_images_and_runs_the_new_one_unconfirmed() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, V2, false)) {
            assertThat(bench.bootloader().secondaryTrailer().swapType()).contains(SwapType.TEST);

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.TEST);
            assertThat(result.runningVersion()).contains(version("2.0.0"));
            assertThat(bench.bootloader().runningVersion()).contains(version("2.0.0"));
            assertThat(bench.primaryImageArea()).isEqualTo(bench.asImageArea(V2));
            assertThat(bench.secondaryImageArea()).isEqualTo(bench.asImageArea(V1));
            assertThat(bench.bootloader().isConfirmed()).isFalse();
            ImageTrailer primary = bench.bootloader().primaryTrailer();
            assertThat(primary.magic()).isEqualTo(MagicState.GOOD);
            assertThat(primary.imageOk()).isEqualTo(FlagState.UNSET);
            assertThat(primary.copyDone()).isEqualTo(FlagState.SET);
            assertThat(primary.swapType()).contains(SwapType.TEST);
            assertThat(primary.swapSize()).isEqualTo(V2.length);
            assertThat(bench.bootloader().secondaryTrailer()).isEqualTo(ImageTrailer.ERASED);
        }
    }

    @Test
    void an_unconfirmed_test_image_is_reverted_at_the_next_boot_and_the_old_image_is_confirmed() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, V2, false)) {
            bench.reboot().boot();

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.REVERT);
            assertThat(result.reverted()).isTrue();
            assertThat(result.runningVersion()).contains(version("1.0.0"));
            assertThat(bench.primaryImageArea()).isEqualTo(bench.asImageArea(V1));
            assertThat(bench.secondaryImageArea()).isEqualTo(bench.asImageArea(V2));
            assertThat(bench.bootloader().isConfirmed()).isTrue();
            assertThat(bench.bootloader().primaryTrailer())
                    .extracting(ImageTrailer::magic, ImageTrailer::imageOk, ImageTrailer::copyDone)
                    .containsExactly(MagicState.GOOD, FlagState.SET, FlagState.SET);
            assertThat(bench.reboot().boot().swapType()).as("nothing more to do").isEqualTo(SwapType.NONE);
            assertThat(bench.bootloader().runningVersion()).contains(version("1.0.0"));
        }
    }

    @Test
    void a_test_image_that_confirms_itself_stays() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, V2, false)) {
            bench.reboot().boot();
            bench.bootloader().confirm();
            assertThat(bench.bootloader().isConfirmed()).isTrue();

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.NONE);
            assertThat(result.reverted()).isFalse();
            assertThat(result.runningVersion()).contains(version("2.0.0"));
            assertThat(bench.reboot().boot().runningVersion()).contains(version("2.0.0"));
        }
    }

    @Test
    void a_permanent_upgrade_runs_confirmed_and_is_never_reverted() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, V2, true)) {
            assertThat(bench.bootloader().secondaryTrailer().swapType()).contains(SwapType.PERM);

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.PERM);
            assertThat(result.runningVersion()).contains(version("2.0.0"));
            assertThat(bench.bootloader().isConfirmed()).isTrue();
            assertThat(bench.bootloader().primaryTrailer())
                    .extracting(ImageTrailer::magic, ImageTrailer::imageOk, ImageTrailer::copyDone)
                    .containsExactly(MagicState.GOOD, FlagState.SET, FlagState.SET);
            assertThat(bench.reboot().boot().swapType()).isEqualTo(SwapType.NONE);
            assertThat(bench.bootloader().runningVersion()).contains(version("2.0.0"));
        }
    }

    @Test
    void a_confirmed_upgrade_can_be_followed_by_another_one_with_a_smaller_image() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, V2, false)) {
            bench.reboot().boot();
            bench.bootloader().confirm();
            bench.download(V3);
            bench.bootloader().requestUpgrade(false);

            BootResult third = bench.reboot().boot();

            assertThat(third.swapType()).isEqualTo(SwapType.TEST);
            assertThat(third.runningVersion()).contains(version("3.0.0"));
            assertThat(bench.primaryImageArea()).isEqualTo(bench.asImageArea(V3));
            assertThat(bench.secondaryImageArea()).isEqualTo(bench.asImageArea(V2));
            assertThat(bench.reboot().boot().runningVersion()).as("reverted to the confirmed 2.0.0")
                    .contains(version("2.0.0"));
        }
    }

    @Test
    void trailers_never_travel_with_an_image_that_shares_the_last_sector_with_them() throws Exception {
        byte[] filling = TestImages.image("3.0.0", (int) TestImages.SMALL.maxImageSize() - 0x200 - 400);
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, V2, false)) {
            bench.reboot().boot();
            bench.bootloader().confirm();
            bench.download(filling);
            bench.bootloader().requestUpgrade(false);

            assertThat(bench.reboot().boot().runningVersion()).contains(version("3.0.0"));

            assertThat(bench.bootloader().secondaryTrailer()).as("not the confirmed 2.0.0's trailer")
                    .isEqualTo(ImageTrailer.ERASED);
            assertThat(bench.bootloader().primaryTrailer())
                    .extracting(ImageTrailer::magic, ImageTrailer::imageOk, ImageTrailer::copyDone)
                    .containsExactly(MagicState.GOOD, FlagState.UNSET, FlagState.SET);
            assertThat(bench.primaryImageArea()).isEqualTo(bench.asImageArea(filling));
            BootResult revert = bench.reboot().boot();
            assertThat(revert.swapType()).isEqualTo(SwapType.REVERT);
            assertThat(revert.runningVersion()).contains(version("2.0.0"));
            assertThat(bench.secondaryImageArea()).isEqualTo(bench.asImageArea(filling));
        }
    }

    @Test
    void requesting_and_confirming_twice_writes_nothing_more() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, V2, false)) {
            ImageTrailer requested = bench.bootloader().secondaryTrailer();
            bench.bootloader().requestUpgrade(true);
            assertThat(bench.bootloader().secondaryTrailer()).as("the first request stands").isEqualTo(requested);

            bench.reboot().boot();
            bench.bootloader().confirm();
            bench.bootloader().confirm();

            assertThat(bench.bootloader().primaryTrailer().imageOk()).isEqualTo(FlagState.SET);
        }
    }

    @Test
    void the_trailer_the_bootloader_leaves_is_what_firmware_objects_reader_finds_in_the_slot() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, V2, true)) {
            bench.reboot().boot();

            McubootImage inSlot = ImageReader.read(bench.bootloader().primarySlot());

            assertThat(inSlot.version()).isEqualTo(version("2.0.0"));
            ImageTrailer written = bench.bootloader().primaryTrailer();
            assertThat(inSlot.slot()).hasValueSatisfying(padding ->
                    assertThat(padding.trailer()).isEqualTo(written));
        }
    }

    @Test
    void an_imgtool_padded_and_confirmed_image_is_installed_permanently() throws Exception {
        FlashLayout slots128k = FlashLayout.NRF9160.withName("imgtool-0x20000").withSlotSize(0x20000);
        ImageVerifier ecdsa = new ImageVerifier(List.of(ReferenceImages.publicKey("ecdsa-p256")));
        try (BootBench bench = new BootBench(dir, slots128k, BootPolicy.DEFAULT, ecdsa)) {
            bench.program(ReferenceImages.bytes(ReferenceImages.ECDSA_P256_PUBKEY));
            assertThat(bench.bootloader().boot().runningVersion()).contains(version("1.3.0"));
            bench.bootloader().secondarySlot().write(0, ReferenceImages.bytes(ReferenceImages.PADDED_CONFIRMED));

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).as("imgtool --pad --confirm means a permanent upgrade")
                    .isEqualTo(SwapType.PERM);
            assertThat(result.runningVersion()).contains(version("1.2.3+4"));
            assertThat(bench.bootloader().isConfirmed()).isTrue();
        }
    }

    @Test
    void the_nrf9160_layout_upgrades_a_64k_image_and_reverts_it() throws Exception {
        byte[] factory = TestImages.sign(TestImages.options("1.0.0", FlashLayout.NRF9160), 60_000, TestImages.KEY);
        byte[] next = TestImages.sign(TestImages.options("1.1.0", FlashLayout.NRF9160), 65_536, TestImages.KEY);
        try (BootBench bench = new BootBench(dir, FlashLayout.NRF9160, BootPolicy.DEFAULT)) {
            bench.upgradeReady(factory, next, false);

            assertThat(bench.reboot().boot().runningVersion()).contains(version("1.1.0"));
            assertThat(bench.reboot().boot().runningVersion()).contains(version("1.0.0"));
            assertThat(bench.primaryImageArea()).isEqualTo(bench.asImageArea(factory));
            assertThat(bench.secondaryImageArea()).isEqualTo(bench.asImageArea(next));
        }
    }
}
