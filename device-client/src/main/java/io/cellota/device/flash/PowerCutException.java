package io.cellota.device.flash;

/**
 * The simulated power is gone: thrown by the write a {@link PowerCut} hits, and by every later flash operation on
 * the same {@link FlashFaults}. A test "reboots" by opening the areas again with fresh faults.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#reset-recovery">MCUboot design: reset recovery</a>
 */
public final class PowerCutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PowerCutException(String message) {
        super(message);
    }
}
