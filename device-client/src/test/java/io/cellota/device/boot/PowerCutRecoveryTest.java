package io.cellota.device.boot;

import static io.cellota.device.boot.BootBench.version;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.device.flash.FlashFaults;
import io.cellota.device.flash.PowerCut;
import io.cellota.device.flash.PowerCutException;
import io.cellota.firmware.trailer.FlagState;
import io.cellota.firmware.trailer.ImageTrailer;
import io.cellota.firmware.trailer.MagicState;
import io.cellota.firmware.trailer.SwapType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A power cut at every single flash write of a swap, then a reboot: the swap is finished and both images are
 * exactly where they belong. The swap is small (8 sectors of 4 KiB) so every cut point is tried.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#reset-recovery">MCUboot design: reset recovery</a>
 */
class PowerCutRecoveryTest {

    /** Writes that commit a swap in the status area (type, size, magic): a cut among them restarts the swap. */
    private static final int COMMIT_WRITES = 3;

    private static final byte[] V1 = TestImages.image("1.0.0", 7000);
    private static final byte[] V2 = TestImages.image("2.0.0", 10_000);
    /** Reaches into the last sector, which it shares with the trailer. */
    private static final byte[] V2_FILLING_THE_SLOT =
            TestImages.image("2.0.0", (int) TestImages.SMALL.maxImageSize() - 0x200 - 400);

    @TempDir
    Path root;

    private int counted;

    static Stream<Arguments> swaps() {
        return Stream.of(
                Arguments.of("3-sector image, half of the cut write kept", V2, 0.5),
                Arguments.of("3-sector image, none of the cut write kept", V2, 0.0),
                Arguments.of("image sharing the trailer's sector", V2_FILLING_THE_SLOT, 0.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("swaps")
    void a_cut_at_any_write_of_a_test_swap_is_recovered_at_the_next_boot(String name, byte[] next, double kept)
            throws Exception {
        long writes = writesOfBoot(setup -> setup.upgradeReady(V1, next, false));
        assertThat(writes).isGreaterThan(COMMIT_WRITES + 3L * 3);

        for (int n = 1; n <= writes; n++) {
            try (BootBench bench = BootBench.small(root.resolve("test-" + kept + "-" + next.length + "-" + n),
                    BootPolicy.DEFAULT).upgradeReady(V1, next, false)) {
                cutPowerDuringBoot(bench, PowerCut.onWrite(n).withKeptFraction(kept));

                BootResult recovered = bench.reboot().boot();

                assertThat(recovered.resumed()).as("cut at write %d", n).isEqualTo(n > COMMIT_WRITES);
                assertTestSwapDone(bench, recovered, next, n);
            }
        }
    }

    static Stream<Arguments> images() {
        return Stream.of(Arguments.of("3-sector image", V2), Arguments.of("image sharing the trailer's sector",
                V2_FILLING_THE_SLOT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void a_cut_at_any_write_of_a_revert_is_recovered_at_the_next_boot(String name, byte[] next) throws Exception {
        long writes = writesOfBoot(setup -> {
            setup.upgradeReady(V1, next, false);
            setup.reboot().boot();
        });

        for (int n = 1; n <= writes; n++) {
            try (BootBench bench = BootBench.small(root.resolve("revert-" + next.length + "-" + n),
                    BootPolicy.DEFAULT).upgradeReady(V1, next, false)) {
                bench.reboot().boot();
                cutPowerDuringBoot(bench, PowerCut.onWrite(n));

                BootResult recovered = bench.reboot().boot();

                assertThat(recovered.swapType()).as("cut at write %d", n).isEqualTo(SwapType.REVERT);
                assertThat(recovered.runningVersion()).contains(version("1.0.0"));
                assertThat(bench.primaryImageArea()).as("primary after cut %d", n).isEqualTo(bench.asImageArea(V1));
                assertThat(bench.secondaryImageArea()).as("secondary after cut %d", n)
                        .isEqualTo(bench.asImageArea(next));
                assertThat(bench.bootloader().isConfirmed()).isTrue();
                assertThat(bench.bootloader().secondaryTrailer()).isEqualTo(ImageTrailer.ERASED);
                assertThat(bench.reboot().boot().swapType()).isEqualTo(SwapType.NONE);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void a_cut_at_any_write_of_a_permanent_swap_is_recovered_and_stays_permanent(String name, byte[] next)
            throws Exception {
        long writes = writesOfBoot(setup -> setup.upgradeReady(V1, next, true));

        for (int n = 1; n <= writes; n++) {
            try (BootBench bench = BootBench.small(root.resolve("perm-" + next.length + "-" + n),
                    BootPolicy.DEFAULT).upgradeReady(V1, next, true)) {
                cutPowerDuringBoot(bench, PowerCut.onWrite(n));

                BootResult recovered = bench.reboot().boot();

                assertThat(recovered.swapType()).as("cut at write %d", n).isEqualTo(SwapType.PERM);
                assertThat(bench.primaryImageArea()).as("primary after cut %d", n)
                        .isEqualTo(bench.asImageArea(next));
                assertThat(bench.secondaryImageArea()).isEqualTo(bench.asImageArea(V1));
                assertThat(bench.bootloader().secondaryTrailer()).isEqualTo(ImageTrailer.ERASED);
                assertThat(bench.reboot().boot().runningVersion()).as("not reverted").contains(version("2.0.0"));
            }
        }
    }

    @Test
    void a_second_cut_during_the_recovery_is_recovered_too() throws Exception {
        long writes = writesOfBoot(setup -> setup.upgradeReady(V1, V2, false));
        int secondCuts = 0;

        for (int n = 1; n <= writes; n++) {
            for (int m : new int[] {1, 4}) {
                try (BootBench bench = BootBench.small(root.resolve("twice-" + n + "-" + m), BootPolicy.DEFAULT)
                        .upgradeReady(V1, V2, false)) {
                    cutPowerDuringBoot(bench, PowerCut.onWrite(n));
                    BootResult recovered;
                    try {
                        recovered = bench.reboot(FlashFaults.none().cutPower(PowerCut.onWrite(m))).boot();
                    } catch (PowerCutException again) {
                        secondCuts++;
                        recovered = bench.reboot().boot();
                    }

                    assertTestSwapDone(bench, recovered, V2, n);
                }
            }
        }
        assertThat(secondCuts).as("recoveries that were cut again").isGreaterThan((int) writes);
    }

    @Test
    void a_cut_while_requesting_the_upgrade_leaves_the_old_image_running_and_a_new_download_works()
            throws Exception {
        try (BootBench bench = BootBench.small(root.resolve("request"), BootPolicy.DEFAULT).program(V1)) {
            bench.bootloader().boot();
            bench.download(V2);
            Bootloader cut = bench.reboot(FlashFaults.none().cutPower(PowerCut.onWrite(1)));
            assertThatThrownBy(() -> cut.requestUpgrade(false)).isInstanceOf(PowerCutException.class);

            BootResult afterCut = bench.reboot().boot();
            assertThat(bench.bootloader().secondaryTrailer().magic()).as("torn magic").isEqualTo(MagicState.BAD);
            assertThat(afterCut.swapType()).isEqualTo(SwapType.NONE);
            assertThat(afterCut.runningVersion()).contains(version("1.0.0"));

            bench.download(V2);
            bench.bootloader().requestUpgrade(false);
            assertThat(bench.reboot().boot().runningVersion()).contains(version("2.0.0"));
        }
    }

    @Test
    void a_cut_before_the_confirmation_reached_the_flash_means_a_revert() throws Exception {
        try (BootBench bench = BootBench.small(root.resolve("confirm"), BootPolicy.DEFAULT)
                .upgradeReady(V1, V2, false)) {
            bench.reboot().boot();
            Bootloader cut = bench.reboot(FlashFaults.none().cutPower(PowerCut.onWrite(1).withKeptFraction(0)));
            assertThatThrownBy(cut::confirm).isInstanceOf(PowerCutException.class);

            assertThat(bench.reboot().boot().swapType()).isEqualTo(SwapType.REVERT);
        }
    }

    private static void cutPowerDuringBoot(BootBench bench, PowerCut cut) {
        Bootloader dying = bench.reboot(FlashFaults.none().cutPower(cut));
        assertThatThrownBy(dying::boot).as("cut at write %d", cut.write()).isInstanceOf(PowerCutException.class);
    }

    private static void assertTestSwapDone(BootBench bench, BootResult recovered, byte[] next, int cut)
            throws IOException {
        assertThat(recovered.swapType()).as("cut at write %d", cut).isEqualTo(SwapType.TEST);
        assertThat(recovered.runningVersion()).as("cut at write %d", cut).contains(version("2.0.0"));
        assertThat(bench.primaryImageArea()).as("primary after cut %d", cut).isEqualTo(bench.asImageArea(next));
        assertThat(bench.secondaryImageArea()).as("secondary after cut %d", cut).isEqualTo(bench.asImageArea(V1));
        assertThat(bench.bootloader().primaryTrailer())
                .extracting(ImageTrailer::magic, ImageTrailer::imageOk, ImageTrailer::copyDone)
                .as("primary trailer after cut %d", cut)
                .containsExactly(MagicState.GOOD, FlagState.UNSET, FlagState.SET);
        assertThat(bench.bootloader().secondaryTrailer()).isEqualTo(ImageTrailer.ERASED);
    }

    /** How many flash writes the boot after {@code setup} makes, counted on a device of its own. */
    private long writesOfBoot(Setup setup) throws Exception {
        try (BootBench bench = BootBench.small(root.resolve("count-" + ++counted), BootPolicy.DEFAULT)) {
            setup.prepare(bench);
            FlashFaults counting = FlashFaults.none();
            bench.reboot(counting).boot();
            return counting.writes();
        }
    }

    @FunctionalInterface
    private interface Setup {
        void prepare(BootBench bench) throws Exception;
    }
}
