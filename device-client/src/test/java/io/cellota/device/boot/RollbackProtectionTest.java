package io.cellota.device.boot;

import static io.cellota.device.boot.BootBench.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.trailer.SwapType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hardware rollback protection: images carry a security counter that must not be below the device's stored one,
 * which rises only for confirmed (or permanent) images, so a test image can still be reverted.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#hw-downgrade-prevention">MCUboot design: hardware-based
 *      downgrade prevention</a>
 */
class RollbackProtectionTest {

    private static final byte[] V1_CNT1 = TestImages.image("1.0.0", 7000, 1);
    private static final byte[] V2_CNT5 = TestImages.image("2.0.0", 10_000, 5);

    @TempDir
    Path dir;

    @Test
    void a_factory_image_sets_the_counter_at_its_first_boot() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.ROLLBACK_PROTECTED).program(V1_CNT1)) {
            assertThat(bench.bootloader().securityCounter()).isZero();

            bench.bootloader().boot();

            assertThat(bench.bootloader().securityCounter()).isEqualTo(1);
        }
    }

    @Test
    void a_test_image_raises_the_counter_only_at_the_first_boot_after_it_confirmed_itself() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.ROLLBACK_PROTECTED).upgradeReady(V1_CNT1, V2_CNT5, false)) {
            assertThat(bench.reboot().boot().swapType()).isEqualTo(SwapType.TEST);
            assertThat(bench.bootloader().securityCounter()).as("unconfirmed").isEqualTo(1);

            bench.bootloader().confirm();
            assertThat(bench.bootloader().securityCounter()).as("confirmed, not yet rebooted").isEqualTo(1);
            bench.reboot().boot();

            assertThat(bench.bootloader().securityCounter()).isEqualTo(5);
        }
    }

    @Test
    void an_unconfirmed_test_image_with_a_higher_counter_can_still_be_reverted() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.ROLLBACK_PROTECTED).upgradeReady(V1_CNT1, V2_CNT5, false)) {
            bench.reboot().boot();

            BootResult revert = bench.reboot().boot();

            assertThat(revert.swapType()).isEqualTo(SwapType.REVERT);
            assertThat(revert.runningVersion()).contains(version("1.0.0"));
            assertThat(bench.bootloader().securityCounter()).isEqualTo(1);
        }
    }

    @Test
    void a_permanent_image_raises_the_counter_on_the_boot_that_installs_it() throws Exception {
        try (BootBench bench = BootBench.small(dir, BootPolicy.ROLLBACK_PROTECTED).upgradeReady(V1_CNT1, V2_CNT5, true)) {
            assertThat(bench.reboot().boot().swapType()).isEqualTo(SwapType.PERM);

            assertThat(bench.bootloader().securityCounter()).isEqualTo(5);
        }
    }

    @Test
    void an_image_with_a_lower_counter_is_refused_and_erased() throws Exception {
        try (BootBench bench = confirmedOnV2(BootPolicy.ROLLBACK_PROTECTED)) {
            bench.download(TestImages.image("1.5.0", 8000, 3));
            bench.bootloader().requestUpgrade(false);

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.FAIL);
            assertThat(result.rejection()).hasValueSatisfying(why -> {
                assertThat(why.reason()).isEqualTo(BootRejection.Reason.SECURITY_COUNTER);
                assertThat(why.message()).contains("security counter 3", "below the device's 5");
            });
            assertThat(result.runningVersion()).contains(version("2.0.0"));
            assertThat(bench.bootloader().secondarySlot().isErased(0, 4)).isTrue();
        }
    }

    @Test
    void an_image_with_an_equal_counter_is_accepted_even_when_its_version_is_lower() throws Exception {
        try (BootBench bench = confirmedOnV2(BootPolicy.ROLLBACK_PROTECTED)) {
            bench.download(TestImages.image("1.9.0", 8000, 5));
            bench.bootloader().requestUpgrade(false);

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.TEST);
            assertThat(result.runningVersion()).contains(version("1.9.0"));
        }
    }

    @Test
    void an_image_without_a_counter_is_refused_when_rollback_protection_is_on() throws Exception {
        try (BootBench bench = confirmedOnV2(BootPolicy.ROLLBACK_PROTECTED)) {
            bench.download(TestImages.image("3.0.0", 8000));
            bench.bootloader().requestUpgrade(false);

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.FAIL);
            assertThat(result.rejection()).hasValueSatisfying(why ->
                    assertThat(why.message()).contains("carries no security counter"));
        }
    }

    @Test
    void without_rollback_protection_a_lower_counter_is_installed_and_the_counter_is_not_kept() throws Exception {
        try (BootBench bench = confirmedOnV2(BootPolicy.DEFAULT)) {
            bench.download(TestImages.image("1.5.0", 8000, 3));
            bench.bootloader().requestUpgrade(true);

            BootResult result = bench.reboot().boot();

            assertThat(result.swapType()).isEqualTo(SwapType.PERM);
            assertThat(result.runningVersion()).contains(version("1.5.0"));
            assertThat(bench.bootloader().securityCounter()).isZero();
        }
    }

    /** A device that went from 1.0.0 (counter 1) to a confirmed 2.0.0 (counter 5) and rebooted. */
    private BootBench confirmedOnV2(BootPolicy policy) throws Exception {
        BootBench bench = BootBench.small(dir, policy).upgradeReady(V1_CNT1, V2_CNT5, false);
        bench.reboot().boot();
        bench.bootloader().confirm();
        bench.reboot().boot();
        assertThat(bench.bootloader().securityCounter()).isEqualTo(policy.rollbackProtection() ? 5 : 0);
        return bench;
    }
}
