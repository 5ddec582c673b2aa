package io.cellota.firmware.image;

import java.util.Objects;

/** An {@link ImageSource} over an array in memory. */
record ByteArrayImageSource(byte[] bytes) implements ImageSource {

    ByteArrayImageSource {
        Objects.requireNonNull(bytes, "bytes");
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public void read(long position, byte[] target, int offset, int length) {
        Objects.checkFromIndexSize(position, length, bytes.length);
        System.arraycopy(bytes, (int) position, target, offset, length);
    }
}
