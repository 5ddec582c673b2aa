package io.cellota.firmware.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Set;

/**
 * The 32-byte MCUboot image header ({@code struct image_header}), little-endian:
 *
 * <pre>
 *  0 u32 ih_magic            4 u32 ih_load_addr   8 u16 ih_hdr_size   10 u16 ih_protect_tlv_size
 * 12 u32 ih_img_size        16 u32 ih_flags      20 image_version    28 u32 _pad1
 * </pre>
 *
 * Sizes are unsigned on the wire and held here as {@code int}/{@code long} without sign loss.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-format">MCUboot design: image format</a>
 */
public record ImageHeader(long loadAddress, int headerSize, int protectedTlvSize, long imageSize, int flags,
                          ImageVersion version) {

    /** {@code IMAGE_MAGIC}, written {@code 3d b8 f3 96}. */
    public static final int MAGIC = 0x96f3b83d;
    /** {@code IMAGE_MAGIC_V1}, the legacy magic that MCUboot no longer boots. */
    public static final int MAGIC_V1 = 0x96f3b83c;
    /** {@code IMAGE_HEADER_SIZE}: the encoded header; {@code ih_hdr_size} may be larger (padding). */
    public static final int SIZE = 32;

    public ImageHeader {
        if (loadAddress < 0 || loadAddress > 0xffff_ffffL) {
            throw new IllegalArgumentException("load address outside u32: " + loadAddress);
        }
        if (headerSize < SIZE || headerSize > 0xffff) {
            throw new IllegalArgumentException("header size must be " + SIZE + "..65535, was " + headerSize);
        }
        if (protectedTlvSize < 0 || protectedTlvSize > 0xffff) {
            throw new IllegalArgumentException("protected TLV size outside u16: " + protectedTlvSize);
        }
        if (imageSize < 0 || imageSize > 0xffff_ffffL) {
            throw new IllegalArgumentException("image size outside u32: " + imageSize);
        }
        if (version == null) {
            throw new IllegalArgumentException("version is required");
        }
    }

    /** The named flags; see {@link ImageFlag#unknownBits(int)} for the rest. */
    public Set<ImageFlag> flagSet() {
        return ImageFlag.decode(flags);
    }

    public boolean hasFlag(ImageFlag flag) {
        return (flags & flag.mask()) != 0;
    }

    /** The end of the payload: {@code ih_hdr_size + ih_img_size}, where the TLV areas start. */
    public long payloadEnd() {
        return headerSize + imageSize;
    }

    /** The length of the region MCUboot hashes and signs: header, payload and protected TLVs. */
    public long hashedLength() {
        return payloadEnd() + protectedTlvSize;
    }

    public ImageHeader withImageSize(long newImageSize) {
        return new ImageHeader(loadAddress, headerSize, protectedTlvSize, newImageSize, flags, version);
    }

    public ImageHeader withProtectedTlvSize(int size) {
        return new ImageHeader(loadAddress, headerSize, size, imageSize, flags, version);
    }

    /** The 32 bytes MCUboot reads, little-endian, with {@code _pad1} zero. */
    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC)
                .putInt((int) loadAddress)
                .putShort((short) headerSize)
                .putShort((short) protectedTlvSize)
                .putInt((int) imageSize)
                .putInt(flags)
                .put((byte) version.major())
                .put((byte) version.minor())
                .putShort((short) version.revision())
                .putInt((int) version.buildNumber())
                .putInt(0);
        return b.array();
    }
}
