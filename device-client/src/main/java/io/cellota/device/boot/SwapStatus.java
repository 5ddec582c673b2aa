package io.cellota.device.boot;

import io.cellota.device.flash.FlashLayout;
import io.cellota.device.flash.FlashSlot;
import io.cellota.firmware.trailer.SwapType;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The persisted progress of a swap, MCUboot's swap status, kept in a small flash area of its own rather than
 * inside the primary slot's trailer (so the swap never has to move it to the scratch sector). Written only as NOR
 * flash allows, each record once:
 *
 * <pre>
 *   0                      swap_info: swap type (low nibble), image 0      one write unit
 *   unit                   swap_size: u32 LE, bytes to swap                 align_up(4, unit)
 *   then                   commit magic (MCUboot's trailer magic)            align_up(16, unit)
 *   then                   3 records per swapped sector, one unit each: 0x01, 0x02, 0x03 (states 1..3)
 * </pre>
 *
 * The magic is written last when a swap begins: until it reads whole, no swap is in progress and the slots are
 * untouched. Records count in swap order (the highest sector first, as MCUboot swaps): after {@code r} records,
 * sector {@code r / 3} of the swap is in state {@code r % 3}. A record's meaningful byte is its first, so a torn
 * record either reads as written or as erased. The area is erased when the swap completes.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#swap-status">MCUboot design: swap status</a>
 */
final class SwapStatus {

    /** A committed swap: its type and size, and how many state records were written. */
    record Progress(SwapType type, long swapSize, int records) {
    }

    private final FlashSlot area;
    private final int unit;
    private final int erasedValue;
    private final byte[] magic;
    private final int maxRecords;
    private final long sizeOffset;
    private final long magicOffset;
    private final long recordsOffset;

    SwapStatus(FlashSlot area, FlashLayout layout) {
        this.area = area;
        this.unit = layout.writeAlignment();
        this.erasedValue = layout.erasedValue();
        this.magic = layout.trailerLayout().magic();
        this.maxRecords = 3 * layout.maxSectors();
        this.sizeOffset = unit;
        this.magicOffset = sizeOffset + alignUp(4, unit);
        this.recordsOffset = magicOffset + alignUp(magic.length, unit);
        if (area.size() < areaSize(layout)) {
            throw new IllegalArgumentException("the swap status area needs " + areaSize(layout) + " bytes");
        }
    }

    /** Bytes of the status area for {@code layout}: the records for every sector, in whole sectors. */
    static long areaSize(FlashLayout layout) {
        int unit = layout.writeAlignment();
        long bytes = unit + alignUp(4, unit) + alignUp(16, unit) + 3L * layout.maxSectors() * unit;
        return (bytes + layout.sectorSize() - 1) / layout.sectorSize() * layout.sectorSize();
    }

    /** The swap in progress, if one was committed and not completed. */
    Optional<Progress> read() throws IOException {
        if (!Arrays.equals(area.read(magicOffset, magic.length), magic)) {
            return Optional.empty();
        }
        int info = area.read(0, 1)[0] & 0x0f;
        SwapType type = SwapType.fromCode(info)
                .filter(t -> t == SwapType.TEST || t == SwapType.PERM || t == SwapType.REVERT)
                .orElseThrow(() -> new IllegalStateException("swap status names no swap type: " + info));
        byte[] word = area.read(sizeOffset, 4);
        long size = (word[0] & 0xffL) | (word[1] & 0xffL) << 8 | (word[2] & 0xffL) << 16 | (word[3] & 0xffL) << 24;
        byte[] records = area.read(recordsOffset, maxRecords * unit);
        int written = 0;
        while (written < maxRecords && (records[written * unit] & 0xff) != erasedValue) {
            if ((records[written * unit] & 0xff) != written % 3 + 1) {
                throw new IllegalStateException("swap status record " + written + " is corrupt");
            }
            written++;
        }
        for (int r = written; r < maxRecords; r++) {
            if ((records[r * unit] & 0xff) != erasedValue) {
                throw new IllegalStateException("swap status record " + r + " is written after a gap");
            }
        }
        return Optional.of(new Progress(type, size, written));
    }

    boolean isClear() throws IOException {
        return area.isErased(0, (int) area.size());
    }

    /** Commits a new swap: erases the area, writes the type and size, then the magic. */
    void begin(SwapType type, long swapSize) throws IOException {
        area.eraseAll();
        area.write(0, unitWith(type.code()));
        byte[] word = filled(alignUp(4, unit));
        for (int i = 0; i < 4; i++) {
            word[i] = (byte) (swapSize >>> (8 * i));
        }
        area.write(sizeOffset, word);
        byte[] magicArea = filled(alignUp(magic.length, unit));
        System.arraycopy(magic, 0, magicArea, 0, magic.length);
        area.write(magicOffset, magicArea);
    }

    /** Persists that state record {@code record} (counted from 0 over the whole swap) is reached. */
    void record(int record) throws IOException {
        if (record < 0 || record >= maxRecords) {
            throw new IllegalArgumentException("record " + record + " outside 0.." + (maxRecords - 1));
        }
        area.write(recordsOffset + (long) record * unit, unitWith(record % 3 + 1));
    }

    /** The swap is complete. */
    void clear() throws IOException {
        area.eraseAll();
    }

    private byte[] unitWith(int value) {
        byte[] b = filled(unit);
        b[0] = (byte) value;
        return b;
    }

    private byte[] filled(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) erasedValue);
        return b;
    }

    private static int alignUp(int n, int align) {
        return (n + align - 1) / align * align;
    }
}
