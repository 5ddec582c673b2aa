package io.cellota.firmware.image;

import java.io.IOException;

/**
 * Random read access to the bytes of an image, so that an image in a file or a flash slot can be read and
 * verified without loading it whole. Reads outside {@code [0, size())} are the caller's bug.
 */
public interface ImageSource {

    /** The number of bytes available. */
    long size() throws IOException;

    /** Reads exactly {@code length} bytes at {@code position} into {@code target} at {@code offset}. */
    void read(long position, byte[] target, int offset, int length) throws IOException;

    /** Reads exactly {@code length} bytes at {@code position}. */
    default byte[] read(long position, int length) throws IOException {
        byte[] b = new byte[length];
        read(position, b, 0, length);
        return b;
    }

    /** An image held in memory; the array is not copied, so the caller must not change it. */
    static ImageSource of(byte[] bytes) {
        return new ByteArrayImageSource(bytes);
    }
}
