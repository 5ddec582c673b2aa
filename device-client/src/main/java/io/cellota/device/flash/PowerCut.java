package io.cellota.device.flash;

/**
 * A simulated power loss during a flash write: the {@code write}-th write after the cut is armed (counting every
 * area that shares the {@link FlashFaults}) programs only the first {@code keptFraction} of its bytes, and then
 * the power is gone.
 *
 * @param write        which write to cut, 1 for the next one
 * @param keptFraction the share of the write's bytes that reach the flash, in [0, 1); at least one byte is lost
 * @see <a href="https://docs.mcuboot.com/design.html#reset-recovery">MCUboot design: reset recovery</a>
 */
public record PowerCut(long write, double keptFraction) {

    public PowerCut {
        if (write < 1) {
            throw new IllegalArgumentException("the write to cut counts from 1, was " + write);
        }
        if (!(keptFraction >= 0 && keptFraction < 1)) {
            throw new IllegalArgumentException("the kept fraction must be in [0, 1), was " + keptFraction);
        }
    }

    /** The {@code n}-th next write keeps the first half of its bytes. */
    public static PowerCut onWrite(long n) {
        return new PowerCut(n, 0.5);
    }

    public PowerCut withKeptFraction(double fraction) {
        return new PowerCut(write, fraction);
    }

    /** How many of {@code length} bytes reach the flash: never all of them. */
    public int keptBytes(int length) {
        return (int) Math.min(length - 1L, (long) Math.floor(length * keptFraction));
    }
}
