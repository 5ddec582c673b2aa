package io.cellota.firmware.image;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@code DEPENDENCY} TLV ({@code struct image_dependency}): {@code u8 image_id, 3 pad bytes, image_version}
 * — the image with that index must be at least that version. imgtool's {@code --dependencies "(1,1.2.0)"}.
 */
public record ImageDependency(int imageId, ImageVersion minimumVersion) {

    /** The value's length in the TLV. */
    public static final int ENCODED_SIZE = 12;

    public ImageDependency {
        if (imageId < 0 || imageId > 0xff) {
            throw new IllegalArgumentException("image id must be 0..255, was " + imageId);
        }
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(ENCODED_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) imageId).put(new byte[3])
                .put((byte) minimumVersion.major()).put((byte) minimumVersion.minor())
                .putShort((short) minimumVersion.revision()).putInt((int) minimumVersion.buildNumber());
        return b.array();
    }

    static ImageDependency decode(byte[] value) {
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        int id = b.get() & 0xff;
        b.position(4);
        ImageVersion v = new ImageVersion(b.get() & 0xff, b.get() & 0xff, b.getShort() & 0xffff,
                b.getInt() & 0xffff_ffffL);
        return new ImageDependency(id, v);
    }

    @Override
    public String toString() {
        return "(" + imageId + "," + minimumVersion + ")";
    }
}
