package io.cellota.device.flash;

import io.cellota.firmware.image.ImageSource;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;

/**
 * A file-backed flash area (an image slot, the scratch sector, the swap status area) that behaves like NOR flash:
 * it starts erased, a write may only move bits away from the erased value (so rewriting identical data is fine and
 * writing over different data fails with {@link FlashException}), and only whole sectors are erased. It is an
 * {@link ImageSource}, so an image is read and verified in place.
 *
 * <p>Writes are byte-granular: the flash's write alignment is not enforced here (the bootloader's own writes are
 * aligned, being whole sectors or {@code TrailerWrites}). Faults come from the shared {@link FlashFaults}. All
 * operations hold the slot's lock, so a write's check and its programming are one step.
 *
 * <p>Durability: a write is in the file (the OS page cache) when it returns, which is all a simulated power cut or
 * a killed simulator process needs; only {@link #sync()} forces it to the disk, against a host crash. A new area
 * file is created whole (written beside and renamed), never seen half-created.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#flash-map">MCUboot design: flash map</a>
 */
public final class FlashSlot implements ImageSource, AutoCloseable {

    private static final int CHUNK = 64 * 1024;

    private final String name;
    private final FileChannel channel;
    private final long size;
    private final int sectorSize;
    private final int erasedValue;
    private final FlashFaults faults;

    private FlashSlot(String name, FileChannel channel, long size, int sectorSize, int erasedValue,
                      FlashFaults faults) {
        this.name = name;
        this.channel = channel;
        this.size = size;
        this.sectorSize = sectorSize;
        this.erasedValue = erasedValue;
        this.faults = faults;
    }

    /**
     * Opens the area stored in {@code file}, creating it erased when absent. The area is named after the file
     * (without extension) in messages; its sectors and erased value come from {@code layout}.
     *
     * @throws IllegalArgumentException when {@code size} is not whole sectors or the file has another size
     */
    public static FlashSlot open(Path file, long size, FlashLayout layout, FlashFaults faults) throws IOException {
        Objects.requireNonNull(faults, "faults");
        if (size <= 0 || size % layout.sectorSize() != 0) {
            throw new IllegalArgumentException("a flash area is whole sectors of " + layout.sectorSize()
                    + " bytes, not " + size);
        }
        if (Files.notExists(file)) {
            createErased(file, size, layout.erasedValue());
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (channel.size() != size) {
            long actual = channel.size();
            channel.close();
            throw new IllegalArgumentException("flash file " + file + " has " + actual + " bytes but the area needs "
                    + size + " (another flash layout?)");
        }
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return new FlashSlot(dot > 0 ? fileName.substring(0, dot) : fileName, channel, size, layout.sectorSize(),
                layout.erasedValue(), faults);
    }

    private static void createErased(Path file, long size, int erasedValue) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            byte[] erased = new byte[(int) Math.min(CHUNK, size)];
            Arrays.fill(erased, (byte) erasedValue);
            for (long at = 0; at < size; at += erased.length) {
                writeFully(out, ByteBuffer.wrap(erased, 0, (int) Math.min(erased.length, size - at)), at);
            }
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file);
        }
    }

    public String name() {
        return name;
    }

    /** The area's size in bytes. */
    @Override
    public long size() {
        return size;
    }

    public int sectorSize() {
        return sectorSize;
    }

    public int erasedValue() {
        return erasedValue;
    }

    @Override
    public synchronized void read(long position, byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(position, length, size);
        Objects.checkFromIndexSize(offset, length, target.length);
        faults.requirePower(name);
        readRaw(position, target, offset, length);
    }

    /** Programs {@code data} at {@code offset}. */
    public void write(long offset, byte[] data) throws IOException {
        write(offset, data, 0, data.length);
    }

    /**
     * Programs {@code length} bytes of {@code data} from {@code from} at {@code offset}.
     *
     * @throws FlashException         when a byte would need bits back at the erased value (an erase is due first);
     *                                nothing is written then
     * @throws io.cellota.device.download.OutOfStorageException past the faults' write budget; nothing is written
     * @throws PowerCutException      when a power cut hits this write, after only part of it was programmed
     */
    public synchronized void write(long offset, byte[] data, int from, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, size);
        Objects.checkFromIndexSize(from, length, data.length);
        if (length == 0) {
            return;
        }
        faults.requirePower(name);
        byte[] old = new byte[length];
        readRaw(offset, old, 0, length);
        for (int i = 0; i < length; i++) {
            int was = old[i] & 0xff;
            int now = data[from + i] & 0xff;
            boolean programmable = erasedValue == 0xff ? (was & now) == now : (was | now) == now;
            if (!programmable) {
                throw new FlashException(name, offset + i, String.format("flash area %s: cannot write 0x%02x over"
                        + " 0x%02x at offset 0x%x without an erase (write of %d bytes at 0x%x)", name, now, was,
                        offset + i, length, offset));
            }
        }
        int kept = faults.admitWrite(name, offset, length);
        writeFully(channel, ByteBuffer.wrap(data, from, kept), offset);
        if (kept < length) {
            throw new PowerCutException(String.format("power cut while writing %d bytes at 0x%x in %s: %d written",
                    length, offset, name, kept));
        }
    }

    /**
     * Erases {@code length} bytes at {@code offset}, both whole sectors.
     *
     * @throws IllegalArgumentException when the range is not sector-aligned or leaves the area
     */
    public synchronized void erase(long offset, long length) throws IOException {
        if (offset < 0 || length < 0 || offset + length > size || offset % sectorSize != 0
                || length % sectorSize != 0) {
            throw new IllegalArgumentException(String.format("flash area %s erases whole %d-byte sectors within its"
                    + " %d bytes, not %d bytes at 0x%x", name, sectorSize, size, length, offset));
        }
        faults.requirePower(name);
        byte[] erased = new byte[(int) Math.min(CHUNK, Math.max(1, length))];
        Arrays.fill(erased, (byte) erasedValue);
        for (long at = offset; at < offset + length; at += erased.length) {
            writeFully(channel, ByteBuffer.wrap(erased, 0, (int) Math.min(erased.length, offset + length - at)), at);
        }
    }

    /** Erases sector {@code index}. */
    public void eraseSector(int index) throws IOException {
        erase((long) index * sectorSize, sectorSize);
    }

    public void eraseAll() throws IOException {
        erase(0, size);
    }

    /** Whether {@code length} bytes at {@code offset} all read as erased. */
    public synchronized boolean isErased(long offset, int length) throws IOException {
        byte[] bytes = new byte[length];
        read(offset, bytes, 0, length);
        for (byte b : bytes) {
            if ((b & 0xff) != erasedValue) {
                return false;
            }
        }
        return true;
    }

    /** Forces every write so far to the backing file's storage. */
    public synchronized void sync() throws IOException {
        faults.requirePower(name);
        channel.force(false);
    }

    /** The first {@code length} bytes of the area as an image source, e.g. the slot without its trailer. */
    public ImageSource region(long length) {
        if (length < 0 || length > size) {
            throw new IllegalArgumentException("region of " + length + " bytes outside the " + size + "-byte area");
        }
        FlashSlot slot = this;
        return new ImageSource() {
            @Override
            public long size() {
                return length;
            }

            @Override
            public void read(long position, byte[] target, int offset, int n) throws IOException {
                Objects.checkFromIndexSize(position, n, length);
                slot.read(position, target, offset, n);
            }
        };
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "flash area " + name + " (" + size + " bytes)";
    }

    private void readRaw(long position, byte[] target, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(target, offset, length);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("flash file of " + name + " ended at byte " + at);
            }
            at += n;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }
}
