package io.cellota.device.boot;

import static io.cellota.device.boot.BootBench.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.device.flash.FlashSlot;
import io.cellota.firmware.signing.SignOptions;
import io.cellota.firmware.signing.VerificationResult.Failure;
import io.cellota.firmware.trailer.FlagState;
import io.cellota.firmware.trailer.ImageTrailer;
import io.cellota.firmware.trailer.SwapType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootloader validates the secondary image before any swap and the primary before running it; a refused
 * secondary is erased and the primary boots.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#high-level-operation">MCUboot design: high-level operation</a>
 */
class BootloaderRefusalTest {

    private static final byte[] V1 = TestImages.image("1.0.0", 7000);
    private static final byte[] V2 = TestImages.image("2.0.0", 10_000);

    @TempDir
    Path dir;

    @Test
    void an_image_signed_by_an_untrusted_key_is_refused_erased_and_the_old_image_runs() throws Exception {
        byte[] foreign = TestImages.signedBy(TestImages.UNTRUSTED_KEY, "9.0.0", 10_000);
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, foreign, false)) {
            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.FAIL);
            assertThat(result.runningVersion()).contains(version("1.0.0"));
            assertThat(result.rejection()).hasValueSatisfying(why -> {
                assertThat(why.reason()).isEqualTo(BootRejection.Reason.INVALID_IMAGE);
                assertThat(why.failure()).contains(Failure.UNTRUSTED_KEY);
                assertThat(why.message()).contains("untrusted key");
            });
            assertWhollyErased(bench.bootloader().secondarySlot());
            assertThat(bench.primaryImageArea()).isEqualTo(bench.asImageArea(V1));
            assertThat(bench.bootloader().primaryTrailer().imageOk()).as("marked OK against further attempts")
                    .isEqualTo(FlagState.SET);
            assertThat(bench.reboot().boot().swapType()).isEqualTo(SwapType.NONE);
        }
    }

    @Test
    void a_corrupted_image_is_refused_with_the_hash_mismatch() throws Exception {
        byte[] corrupted = V2.clone();
        corrupted[0x200 + 5000] ^= 0x10;
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, corrupted, true)) {
            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.FAIL);
            assertThat(result.rejection()).hasValueSatisfying(why -> {
                assertThat(why.failure()).contains(Failure.HASH_MISMATCH);
                assertThat(why.message()).contains("hash mismatch");
            });
            assertThat(result.runningVersion()).contains(version("1.0.0"));
            assertWhollyErased(bench.bootloader().secondarySlot());
        }
    }

    @Test
    void an_image_too_large_for_the_slot_beside_its_trailer_is_refused() throws Exception {
        int payload = (int) TestImages.SMALL.maxImageSize() - 0x200;
        SignOptions unchecked = TestImages.options("2.0.0", TestImages.SMALL).withSlotSize(0);
        byte[] tooLarge = TestImages.sign(unchecked, payload, TestImages.KEY);
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).program(V1)) {
            bench.bootloader().secondarySlot().write(0, tooLarge);
            bench.bootloader().requestUpgrade(false);

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.FAIL);
            assertThat(result.rejection()).hasValueSatisfying(why -> {
                assertThat(why.failure()).contains(Failure.MALFORMED);
                assertThat(why.message()).contains("image area of " + TestImages.SMALL.maxImageSize());
            });
            assertThat(result.runningVersion()).contains(version("1.0.0"));
        }
    }

    @Test
    void a_request_without_an_image_clears_the_secondary_trailer_and_boots_the_primary() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).program(V1)) {
            bench.bootloader().requestUpgrade(false);

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).as("MCUboot's code: no bootable image, swap type none")
                    .isEqualTo(SwapType.NONE);
            assertThat(result.rejection()).hasValueSatisfying(why ->
                    assertThat(why.reason()).isEqualTo(BootRejection.Reason.NO_IMAGE));
            assertThat(bench.bootloader().secondaryTrailer()).isEqualTo(ImageTrailer.ERASED);
            assertThat(result.runningVersion()).contains(version("1.0.0"));
        }
    }

    @Test
    void a_revert_to_a_damaged_old_image_is_refused_and_the_test_image_kept_as_confirmed() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).upgradeReady(V1, V2, false)) {
            bench.reboot().boot();
            clearSomeBits(bench.bootloader().secondarySlot(), 0x200 + 3000);

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.FAIL);
            assertThat(result.rejection()).isPresent();
            assertThat(result.runningVersion()).contains(version("2.0.0"));
            assertThat(bench.bootloader().isConfirmed()).as("design.md: the primary is marked OK").isTrue();
        }
    }

    @Test
    void a_damaged_primary_image_does_not_run_and_the_result_says_why() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT).program(V1)) {
            clearSomeBits(bench.bootloader().primarySlot(), 0x200 + 100);

            BootResult result = bench.reboot().boot();

            assertThat(result.booted()).isFalse();
            assertThat(result.runningImage()).isEmpty();
            assertThat(result.primaryFailure()).hasValueSatisfying(why ->
                    assertThat(why.failure()).contains(Failure.HASH_MISMATCH));
            assertThat(bench.bootloader().runningVersion()).isEmpty();
        }
    }

    @Test
    void an_empty_device_has_nothing_to_run() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.DEFAULT)) {
            BootResult result = bench.bootloader().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.NONE);
            assertThat(result.primaryFailure()).hasValueSatisfying(why ->
                    assertThat(why.reason()).isEqualTo(BootRejection.Reason.NO_IMAGE));
        }
    }

    /** Damages a byte the way flash allows without an erase: by clearing its bits. */
    private static void clearSomeBits(FlashSlot slot, long offset) throws Exception {
        int old = slot.read(offset, 1)[0] & 0xff;
        int damaged = old == 0 ? 0 : old & (old - 1);
        if (damaged == old) {
            clearSomeBits(slot, offset + 1);
            return;
        }
        slot.write(offset, new byte[] {(byte) damaged});
    }

    private static void assertWhollyErased(FlashSlot slot) throws Exception {
        assertThat(slot.isErased(0, (int) slot.size())).as("%s erased", slot).isTrue();
    }
}
