package io.cellota.device.flash;

import io.cellota.device.download.OutOfStorageException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The faults injected into the flash areas of one simulated device, shared by all of them so that writes are
 * counted across areas: a {@link PowerCut} on the n-th next write, and a byte budget past which writes fail with
 * {@link OutOfStorageException} (storage that runs out or wears out). Deterministic: nothing is random. It also
 * counts writes, so that a test can learn how many writes an operation makes and then cut at each of them.
 *
 * <p>Power cuts hit writes only; an erase is atomic here (MCUboot re-erases on resume either way).
 *
 * @see <a href="https://docs.mcuboot.com/design.html#reset-recovery">MCUboot design: reset recovery</a>
 */
public final class FlashFaults {

    private long writes;
    private long bytesWritten;
    private Optional<PowerCut> cut = Optional.empty();
    private long cutArmedAt;
    private OptionalLong budget = OptionalLong.empty();
    private long budgetArmedAt;
    private boolean powerLost;

    private FlashFaults() {
    }

    /** No fault armed: flash that just works, and counts. */
    public static FlashFaults none() {
        return new FlashFaults();
    }

    /** Arms {@code powerCut}, counting writes from now; replaces any cut armed before. */
    public synchronized FlashFaults cutPower(PowerCut powerCut) {
        cut = Optional.of(powerCut);
        cutArmedAt = writes;
        return this;
    }

    /** From now on, a write that would take the bytes written past {@code bytes} fails and writes nothing. */
    public synchronized FlashFaults limitWrites(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("a write budget cannot be negative, was " + bytes);
        }
        budget = OptionalLong.of(bytes);
        budgetArmedAt = bytesWritten;
        return this;
    }

    /** Disarms the cut and the budget; a lost power stays lost. */
    public synchronized FlashFaults clear() {
        cut = Optional.empty();
        budget = OptionalLong.empty();
        return this;
    }

    /** Writes attempted so far (cut ones included, refused ones not). */
    public synchronized long writes() {
        return writes;
    }

    /** Bytes that reached the flash so far. */
    public synchronized long bytesWritten() {
        return bytesWritten;
    }

    public synchronized boolean powerLost() {
        return powerLost;
    }

    synchronized void requirePower(String area) {
        if (powerLost) {
            throw new PowerCutException("the power is off: flash area " + area + " cannot be used until a reboot");
        }
    }

    /**
     * Admits a write of {@code length} bytes: how many of them reach the flash ({@code length} unless a power cut
     * hits this write, after which the power is off).
     */
    synchronized int admitWrite(String area, long offset, int length) throws OutOfStorageException {
        requirePower(area);
        if (budget.isPresent() && bytesWritten - budgetArmedAt + length > budget.getAsLong()) {
            throw new OutOfStorageException(String.format("out of storage: writing %d bytes at 0x%x in %s exceeds the"
                    + " write budget of %d bytes (%d used)", length, offset, area, budget.getAsLong(),
                    bytesWritten - budgetArmedAt));
        }
        writes++;
        int kept = length;
        if (cut.isPresent() && writes - cutArmedAt == cut.get().write()) {
            kept = cut.get().keptBytes(length);
            cut = Optional.empty();
            powerLost = true;
        }
        bytesWritten += kept;
        return kept;
    }
}
