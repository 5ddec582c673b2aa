package io.cellota.device.boot;

/**
 * How the simulated MCUboot is built. The secondary image is always validated (hash, signature, fit) before a
 * swap, and the primary before it runs ({@code MCUBOOT_VALIDATE_PRIMARY_SLOT}, on in nRF Connect SDK).
 *
 * @param rollbackProtection {@code MCUBOOT_HW_ROLLBACK_PROT}: an image must carry a security counter
 *                           ({@code SEC_CNT}) at least the device's stored one, which rises as images are confirmed
 * @see <a href="https://docs.mcuboot.com/design.html#hw-downgrade-prevention">MCUboot design: hardware-based
 *      downgrade prevention</a>
 */
public record BootPolicy(boolean rollbackProtection) {

    /** No rollback protection: any validly signed image may be installed. */
    public static final BootPolicy DEFAULT = new BootPolicy(false);

    /** Rollback protection by security counter. */
    public static final BootPolicy ROLLBACK_PROTECTED = new BootPolicy(true);

    public BootPolicy withRollbackProtection(boolean on) {
        return new BootPolicy(on);
    }
}
