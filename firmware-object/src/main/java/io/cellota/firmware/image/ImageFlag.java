package io.cellota.firmware.image;

import java.util.EnumSet;
import java.util.Set;

/**
 * The bits of {@code ih_flags} that MCUboot defines ({@code IMAGE_F_*} in {@code bootutil/image.h}).
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-format">MCUboot design: image format</a>
 */
public enum ImageFlag {
    PIC(0x1),
    ENCRYPTED_AES128(0x4),
    ENCRYPTED_AES256(0x8),
    NON_BOOTABLE(0x10),
    RAM_LOAD(0x20),
    ROM_FIXED(0x100),
    COMPRESSED_LZMA1(0x200),
    COMPRESSED_LZMA2(0x400),
    COMPRESSED_ARM_THUMB_FLT(0x800);

    private final int mask;

    ImageFlag(int mask) {
        this.mask = mask;
    }

    public int mask() {
        return mask;
    }

    /** The named flags set in {@code flags}; bits MCUboot does not define are left out. */
    public static Set<ImageFlag> decode(int flags) {
        Set<ImageFlag> set = EnumSet.noneOf(ImageFlag.class);
        for (ImageFlag flag : values()) {
            if ((flags & flag.mask) != 0) {
                set.add(flag);
            }
        }
        return set;
    }

    /** The bits of {@code flags} that no named flag covers. */
    public static int unknownBits(int flags) {
        int known = 0;
        for (ImageFlag flag : values()) {
            known |= flag.mask;
        }
        return flags & ~known;
    }
}
