package io.cellota.device.flash;

import io.cellota.device.download.BlockSink;
import io.cellota.device.download.OutOfStorageException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A download's view of an image slot: blocks land at their image offsets, up to the slot's image capacity (the
 * slot minus its trailer, which belongs to the bootloader protocol and is never written by a download). Flash
 * rules hold: a retried block rewrites identical bytes and succeeds; a different block at the same place fails
 * with {@link FlashException} until {@link #reset()} erases the slot.
 *
 * <p>An adapter rather than {@link FlashSlot} itself implementing {@link BlockSink}: the slot spans the whole area,
 * trailer included, because the bootloader and the trailer writes address it so, whereas the sink's capacity and
 * its {@code reset()} are about the image only; keeping them apart means a download can never touch the trailer.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-swap-using-scratch">MCUboot design: maximum image size</a>
 */
public final class SlotSink implements BlockSink {

    private final FlashSlot slot;
    private final long capacity;

    /** A sink over the first {@code capacity} bytes of {@code slot}. */
    public SlotSink(FlashSlot slot, long capacity) {
        if (capacity < 0 || capacity > slot.size()) {
            throw new IllegalArgumentException("capacity " + capacity + " outside the slot's " + slot.size() + " bytes");
        }
        this.slot = slot;
        this.capacity = capacity;
    }

    /** A sink over the image area of a slot of {@code layout}. */
    public static SlotSink forImages(FlashSlot slot, FlashLayout layout) {
        return new SlotSink(slot, layout.maxImageSize());
    }

    @Override
    public long capacity() {
        return capacity;
    }

    /** Writes the buffer's remaining bytes at {@code offset} and consumes them. */
    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        int length = data.remaining();
        if (offset + length > capacity) {
            throw new OutOfStorageException(String.format("out of storage: %d bytes at offset %d end past the"
                    + " slot's image capacity of %d bytes", length, offset, capacity));
        }
        byte[] bytes = new byte[length];
        data.get(bytes);
        slot.write(offset, bytes);
    }

    @Override
    public void flush() throws IOException {
        slot.sync();
    }

    /** Erases the whole slot, trailer included: a restarted download must not inherit an upgrade request. */
    @Override
    public void reset() throws IOException {
        slot.eraseAll();
    }
}
