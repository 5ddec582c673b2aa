package io.cellota.server.fileserver;

import java.util.Optional;

/**
 * The part of a package one Block2 request gets (RFC 7959 §2.2, §2.4): the block at the requested offset, in
 * blocks of {@code min(requested size, limit)} bytes. A smaller block keeps the offset (a power of two divides
 * every multiple of a larger one), so the answer's {@code num} is {@code offset / size}.
 *
 * @param szx    the block size exponent of the answer, 0..6 (16..1024 bytes)
 * @param num    the block number of the answer
 * @param offset the first byte
 * @param length the bytes in this block: the block size, or less for the last block
 * @param more   whether bytes follow this block (the M bit)
 */
record BlockSlice(int szx, int num, long offset, int length, boolean more) {

    /** The highest block number a Block2 option can carry (20 bits). */
    static final int MAX_NUM = (1 << 20) - 1;

    /** {@code 2^(4 + szx)} bytes. */
    int size() {
        return 1 << (szx + 4);
    }

    /**
     * The slice for a request of the block at {@code requestedOffset} in {@code requestedSize}-byte blocks (a
     * request without Block2 asks for offset 0 at {@code limit}) of a {@code fileSize}-byte package. Empty when
     * that offset lies at or past the end of a non-empty package, or cannot be expressed in the smaller blocks
     * (a block number above 2^20 - 1); the resource answers 4.02 Bad Option then. Block 0 of an empty package
     * is an empty last block.
     *
     * @throws IllegalArgumentException when a size is not a power of two in 16..1024
     */
    static Optional<BlockSlice> of(long requestedOffset, int requestedSize, int limit, long fileSize) {
        requireBlockSize(requestedSize);
        requireBlockSize(limit);
        if (requestedOffset < 0 || fileSize < 0) {
            throw new IllegalArgumentException("negative offset or size");
        }
        int size = Math.min(requestedSize, limit);
        if (requestedOffset > 0 && requestedOffset >= fileSize || requestedOffset / size > MAX_NUM) {
            return Optional.empty();
        }
        int length = (int) Math.min(size, fileSize - requestedOffset);
        return Optional.of(new BlockSlice(Integer.numberOfTrailingZeros(size) - 4, (int) (requestedOffset / size),
                requestedOffset, length, requestedOffset + length < fileSize));
    }

    /** Whether {@code bytes} is a Block2 size: a power of two in 16..1024. */
    static boolean isBlockSize(int bytes) {
        return bytes >= 16 && bytes <= 1024 && Integer.bitCount(bytes) == 1;
    }

    private static void requireBlockSize(int bytes) {
        if (!isBlockSize(bytes)) {
            throw new IllegalArgumentException("a block size is a power of two in 16..1024, not " + bytes);
        }
    }
}
