package io.cellota.firmware.image;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * An {@link ImageSource} over a file, read with positional reads so that it can be shared by readers.
 * The size is fixed when the file is opened, the way a slot or a stored package does not grow.
 */
public final class FileImageSource implements ImageSource, AutoCloseable {

    private final FileChannel channel;
    private final long size;

    private FileImageSource(FileChannel channel, long size) {
        this.channel = channel;
        this.size = size;
    }

    /** Opens {@code file} for reading. */
    public static FileImageSource open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        return new FileImageSource(channel, channel.size());
    }

    /** Reads the first {@code size} bytes of {@code file}, e.g. a slot whose image is shorter than the file. */
    public static FileImageSource open(Path file, long size) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        if (size < 0 || size > channel.size()) {
            channel.close();
            throw new IllegalArgumentException("size " + size + " outside the file " + file);
        }
        return new FileImageSource(channel, size);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void read(long position, byte[] target, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(position, length, size);
        ByteBuffer buffer = ByteBuffer.wrap(target, offset, length);
        long at = position;
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, at);
            if (n < 0) {
                throw new EOFException("file ended at byte " + at + " while reading " + length + " at " + position);
            }
            at += n;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
