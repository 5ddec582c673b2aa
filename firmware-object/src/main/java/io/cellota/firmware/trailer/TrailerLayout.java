package io.cellota.firmware.trailer;

import java.util.Arrays;

/**
 * Where the trailer fields lie at the end of a slot, for a slot size, a flash write alignment and
 * {@code BOOT_MAX_ALIGN}. From the slot end: magic ({@code align_up(16, max_align)} bytes), then
 * {@code image_ok}, {@code copy_done}, {@code swap_info} and {@code swap_size}, one {@code max_align} unit
 * each, then (swap modes) the swap status area of {@code max_sectors × 3 × write_alignment} bytes.
 *
 * @param slotSize       bytes in the slot
 * @param writeAlignment the flash's minimum write size (imgtool {@code --align}): 1, 2, 4, 8, 16 or 32
 * @param maxAlign       {@code BOOT_MAX_ALIGN} (imgtool {@code --max-align}): 8, 16 or 32, at least the write alignment
 * @param maxSectors     {@code BOOT_MAX_IMG_SECTORS} (imgtool {@code --max-sectors}, default 128)
 * @param overwriteOnly  {@code MCUBOOT_OVERWRITE_ONLY}: no swap status area
 * @see <a href="https://docs.mcuboot.com/design.html#image-trailer">MCUboot design: image trailer</a>
 */
public record TrailerLayout(long slotSize, int writeAlignment, int maxAlign, int maxSectors, boolean overwriteOnly) {

    /** The magic when {@code BOOT_MAX_ALIGN} is 8. */
    private static final byte[] MAGIC_ALIGN_8 = {
        0x77, (byte) 0xc2, (byte) 0x95, (byte) 0xf3, 0x60, (byte) 0xd2, (byte) 0xef, 0x7f,
        0x35, 0x52, 0x50, 0x0f, 0x2c, (byte) 0xb6, 0x79, (byte) 0x80};
    /** The last 14 bytes of the magic for other {@code BOOT_MAX_ALIGN}s, after {@code u16 max_align}. */
    private static final byte[] MAGIC_TAIL_OTHER = {
        0x2d, (byte) 0xe1, 0x5d, 0x29, 0x41, 0x0b, (byte) 0x8d, 0x77, 0x67, (byte) 0x9c, 0x11, 0x0f, 0x1f, (byte) 0x8a};

    /** The magic's length. */
    public static final int MAGIC_SIZE = 16;
    public static final int DEFAULT_MAX_ALIGN = 8;
    public static final int DEFAULT_MAX_SECTORS = 128;

    public TrailerLayout {
        if (Integer.bitCount(writeAlignment) != 1 || writeAlignment > 32) {
            throw new IllegalArgumentException("write alignment must be 1, 2, 4, 8, 16 or 32, was " + writeAlignment);
        }
        if ((maxAlign != 8 && maxAlign != 16 && maxAlign != 32) || maxAlign < writeAlignment) {
            throw new IllegalArgumentException("max align must be 8, 16 or 32 and at least the write alignment ("
                    + writeAlignment + "), was " + maxAlign);
        }
        if (maxSectors < 1) {
            throw new IllegalArgumentException("max sectors must be positive, was " + maxSectors);
        }
        long trailer = trailerSize(writeAlignment, maxAlign, maxSectors, overwriteOnly);
        if (slotSize < trailer) {
            throw new IllegalArgumentException("slot of " + slotSize + " bytes cannot hold a trailer of " + trailer);
        }
    }

    /** imgtool's defaults for a write alignment: {@code max_align = max(8, align)}, 128 sectors, swap mode. */
    public static TrailerLayout of(long slotSize, int writeAlignment) {
        return new TrailerLayout(slotSize, writeAlignment, Math.max(DEFAULT_MAX_ALIGN, writeAlignment),
                DEFAULT_MAX_SECTORS, false);
    }

    private static long trailerSize(int align, int maxAlign, int maxSectors, boolean overwriteOnly) {
        int magic = alignUp(MAGIC_SIZE, maxAlign);
        if (overwriteOnly) {
            return 2L * maxAlign + magic;
        }
        return (long) maxSectors * 3 * align + 4L * maxAlign + magic;
    }

    static int alignUp(int n, int align) {
        return (n + align - 1) & -align;
    }

    /** Bytes reserved at the end of the slot (imgtool's {@code _trailer_size}, without encryption keys). */
    public long trailerSize() {
        return trailerSize(writeAlignment, maxAlign, maxSectors, overwriteOnly);
    }

    /** The largest image (header, payload and TLVs) the slot holds: slot size minus trailer. */
    public long maxImageSize() {
        return slotSize - trailerSize();
    }

    /** The magic as written for this {@code BOOT_MAX_ALIGN}. */
    public byte[] magic() {
        return magicFor(maxAlign);
    }

    static byte[] magicFor(int maxAlign) {
        if (maxAlign == DEFAULT_MAX_ALIGN) {
            return MAGIC_ALIGN_8.clone();
        }
        byte[] m = new byte[MAGIC_SIZE];
        m[0] = (byte) maxAlign;
        m[1] = (byte) (maxAlign >> 8);
        System.arraycopy(MAGIC_TAIL_OTHER, 0, m, 2, MAGIC_TAIL_OTHER.length);
        return m;
    }

    /**
     * The {@code BOOT_MAX_ALIGN} a trailer magic stands for: 8 for the classic magic, the leading
     * {@code u16} for the other form; -1 when the bytes are no magic at all.
     */
    public static int maxAlignOfMagic(byte[] sixteen) {
        if (Arrays.equals(sixteen, MAGIC_ALIGN_8)) {
            return DEFAULT_MAX_ALIGN;
        }
        int align = (sixteen[0] & 0xff) | (sixteen[1] & 0xff) << 8;
        boolean tail = Arrays.equals(sixteen, 2, MAGIC_SIZE, MAGIC_TAIL_OTHER, 0, MAGIC_TAIL_OTHER.length);
        return tail && (align == 16 || align == 32) ? align : -1;
    }

    /** Offset from the slot start of the magic (it ends the slot). */
    public long magicOffset() {
        return slotSize - MAGIC_SIZE;
    }

    /** Offset of the field's {@code max_align} unit from the slot start. */
    public long offsetOf(Field field) {
        return slotSize - alignUp(MAGIC_SIZE, maxAlign) - (long) (field.ordinal() + 1) * maxAlign;
    }

    /** The trailer fields below the magic, nearest the slot end first. */
    public enum Field {
        IMAGE_OK,
        COPY_DONE,
        SWAP_INFO,
        SWAP_SIZE
    }

    /** The length of the tail read by {@link ImageTrailer#decode}: the fields and the magic. */
    public int fieldsAreaSize() {
        return fieldsAreaSize(maxAlign);
    }

    /** The fields and the magic at the end of a slot, for a {@code BOOT_MAX_ALIGN}. */
    public static int fieldsAreaSize(int maxAlign) {
        return alignUp(MAGIC_SIZE, maxAlign) + 4 * maxAlign;
    }
}
