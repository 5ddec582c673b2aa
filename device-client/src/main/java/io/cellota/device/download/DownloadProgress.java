package io.cellota.device.download;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a download got, persisted so that it can resume after a link outage, a reboot or a process
 * restart: which blocks of which resource version ({@code uri} + {@code etag}) are durably in the sink.
 *
 * @param uri        the package URI being fetched
 * @param etag       the resource's entity tag, when the server gives one; a different tag means start over
 * @param totalSize  the package size in bytes, when known (CoAP Size2, HTTP Content-Length/Content-Range)
 * @param blockSize  the block size (16..1024 for CoAP; any for HTTP) the bitmap is counted in
 * @param received   block numbers durably written
 */
public record DownloadProgress(String uri, Optional<byte[]> etag, Optional<Long> totalSize, int blockSize,
                               BitSet received) {

    public DownloadProgress {
        Objects.requireNonNull(uri, "uri");
        etag = etag.map(byte[]::clone);
        totalSize.ifPresent(s -> {
            if (s < 0) {
                throw new IllegalArgumentException("negative size " + s);
            }
        });
        if (blockSize < 16) {
            throw new IllegalArgumentException("block size must be at least 16, was " + blockSize);
        }
        received = (BitSet) received.clone();
    }

    /** Nothing received yet. */
    public static DownloadProgress start(String uri, int blockSize) {
        return new DownloadProgress(uri, Optional.empty(), Optional.empty(), blockSize, new BitSet());
    }

    @Override
    public Optional<byte[]> etag() {
        return etag.map(byte[]::clone);
    }

    @Override
    public BitSet received() {
        return (BitSet) received.clone();
    }

    /** The number of blocks the package has, when its size is known. */
    public Optional<Long> blockCount() {
        return totalSize.map(s -> (s + blockSize - 1) / blockSize);
    }

    /** The first block not yet received: where a lockstep download resumes. */
    public long firstMissing() {
        return received.nextClearBit(0);
    }

    /** Bytes durably received (the last block counted at its real length). */
    public long bytesReceived() {
        long blocks = received.cardinality();
        long bytes = blocks * blockSize;
        if (totalSize.isPresent() && blockCount().orElse(0L) > 0 && received.get((int) (blockCount().get() - 1))) {
            bytes -= blockCount().get() * blockSize - totalSize.get();
        }
        return bytes;
    }

    public boolean isComplete() {
        return blockCount().map(n -> received.nextClearBit(0) >= n).orElse(false);
    }

    public boolean sameResource(String otherUri, Optional<byte[]> otherEtag) {
        return uri.equals(otherUri) && etag.isPresent() && otherEtag.isPresent()
                && Arrays.equals(etag.get(), otherEtag.get());
    }

    public DownloadProgress withBlock(long number) {
        BitSet more = received();
        more.set(Math.toIntExact(number));
        return new DownloadProgress(uri, etag, totalSize, blockSize, more);
    }

    public DownloadProgress withResource(Optional<byte[]> newEtag, Optional<Long> newSize) {
        return new DownloadProgress(uri, newEtag, newSize, blockSize, received);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DownloadProgress p && uri.equals(p.uri) && blockSize == p.blockSize
                && totalSize.equals(p.totalSize) && received.equals(p.received)
                && etag.isPresent() == p.etag.isPresent()
                && (etag.isEmpty() || Arrays.equals(etag.get(), p.etag.get()));
    }

    @Override
    public int hashCode() {
        return Objects.hash(uri, blockSize, totalSize, received);
    }

    @Override
    public String toString() {
        return "DownloadProgress[" + uri + ", etag=" + etag.map(HexFormat.of()::formatHex).orElse("-") + ", "
                + received.cardinality() + "/" + blockCount().map(String::valueOf).orElse("?") + " blocks of "
                + blockSize + "]";
    }
}
