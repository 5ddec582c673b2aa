package io.cellota.server.bench;

import io.cellota.device.link.PathProfile;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The bytes a block-wise download puts on the wire when nothing is lost, counted header by header: the physical
 * limit the benchmarks compare with. One block is one CON GET (RFC 7959 Block2) answered by one piggybacked
 * 2.05 response; each is one UDP datagram of
 * <pre>
 *   UDP payload = DTLS record overhead (0 for plain CoAP)
 *               + CoAP header (4) + token + options (RFC 7252 §3.1 delta/length encoding) [+ 0xFF + payload]
 *   wire bytes  = UDP payload + the link's per-datagram IP/UDP overhead (28 for IPv4)
 * </pre>
 * Options of a response, as {@code FirmwareCoapResource} sends them: ETag (4, {@code etagBytes}), Block2 (23),
 * and on block 0 only (which the device's probe asks Size2 for) Content-Format (12, 42 in one byte) and Size2
 * (28). Options of a request, as the device's {@code BlockExchange} sends them: one Uri-Path (11) per segment,
 * Block2 (23), and on block 0 an empty Size2 (28) asking for the size. A DTLS 1.2 record with AES-128-CCM-8
 * adds 13 header bytes, an 8-byte explicit nonce and an 8-byte tag; with a Connection ID (RFC 9146) the header
 * also carries the CID and the plaintext one inner content-type byte.
 *
 * @param ipUdpBytes  the link's per-datagram overhead ({@code LinkProfile.overheadBytes()})
 * @param dtlsDown    DTLS bytes per record from server to device (0 for plain CoAP)
 * @param dtlsUp      DTLS bytes per record from device to server
 * @param tokenBytes  the CoAP token length the device uses (the response echoes it)
 * @param etagBytes   the ETag length the server sends on every block (0 for none)
 * @param uriPath     the Uri-Path segments of every request
 */
public record WireModel(int ipUdpBytes, int dtlsDown, int dtlsUp, int tokenBytes, int etagBytes,
        List<String> uriPath) {

    /** CoAP's fixed header (RFC 7252 §3). */
    public static final int COAP_HEADER = 4;
    /** A DTLS 1.2 record header (RFC 6347 §4.1). */
    public static final int DTLS_RECORD_HEADER = 13;
    /** AES-128-CCM-8: 8-byte explicit nonce plus 8-byte tag (RFC 6655). */
    public static final int CCM_8_EXPANSION = 16;
    /** Content-Format application/octet-stream. */
    static final int OCTET_STREAM = 42;

    private static final int ETAG = 4;
    private static final int URI_PATH = 11;
    private static final int CONTENT_FORMAT = 12;
    private static final int BLOCK2 = 23;
    private static final int SIZE2 = 28;

    public WireModel {
        if (ipUdpBytes < 0 || dtlsDown < 0 || dtlsUp < 0 || tokenBytes < 0 || tokenBytes > 8 || etagBytes < 0
                || etagBytes > 8) {
            throw new IllegalArgumentException("header sizes out of range");
        }
        uriPath = List.copyOf(uriPath);
    }

    /** DTLS bytes one AES-128-CCM-8 record adds when its receiver asked for a CID of {@code cidBytes} (0: none). */
    public static int dtlsCcm8(int cidBytes) {
        if (cidBytes < 0 || cidBytes > 255) {
            throw new IllegalArgumentException("a CID has 0..255 bytes, not " + cidBytes);
        }
        return DTLS_RECORD_HEADER + CCM_8_EXPANSION + (cidBytes == 0 ? 0 : cidBytes + 1);
    }

    public WireModel withTokenBytes(int bytes) {
        return new WireModel(ipUdpBytes, dtlsDown, dtlsUp, bytes, etagBytes, uriPath);
    }

    public WireModel withEtagBytes(int bytes) {
        return new WireModel(ipUdpBytes, dtlsDown, dtlsUp, tokenBytes, bytes, uriPath);
    }

    /** UDP payload bytes of the response carrying block {@code num} ({@code payload} bytes of it). */
    public int responseBytes(long num, int blockSize, int payload, boolean more, long totalSize) {
        int options = 0;
        int last = 0;
        if (etagBytes > 0) {
            options += option(ETAG - last, etagBytes);
            last = ETAG;
        }
        if (num == 0) {
            options += option(CONTENT_FORMAT - last, uintLength(OCTET_STREAM));
            last = CONTENT_FORMAT;
        }
        options += option(BLOCK2 - last, uintLength(block2(num, more, blockSize)));
        if (num == 0) {
            options += option(SIZE2 - BLOCK2, uintLength(totalSize));
        }
        return dtlsDown + COAP_HEADER + tokenBytes + options + (payload > 0 ? 1 + payload : 0);
    }

    /** UDP payload bytes of the request for block {@code num}; block 0 also asks for Size2. */
    public int requestBytes(long num, int blockSize) {
        int options = 0;
        int last = 0;
        for (String segment : uriPath) {
            options += option(URI_PATH - last, segment.getBytes(StandardCharsets.UTF_8).length);
            last = URI_PATH;
        }
        options += option(BLOCK2 - last, uintLength(block2(num, false, blockSize)));
        if (num == 0) {
            options += option(SIZE2 - BLOCK2, 0);
        }
        return dtlsUp + COAP_HEADER + tokenBytes + options;
    }

    /** The whole lossless transfer of {@code imageBytes} in {@code blockSize}-byte blocks. */
    public Transfer transfer(long imageBytes, int blockSize) {
        long blocks = Math.max(1, (imageBytes + blockSize - 1) / blockSize);
        long down = 0;
        long up = 0;
        for (long num = 0; num < blocks; num++) {
            int payload = (int) Math.min(blockSize, imageBytes - num * blockSize);
            down += responseBytes(num, blockSize, payload, num < blocks - 1, imageBytes);
            up += requestBytes(num, blockSize);
        }
        return new Transfer(imageBytes, blocks, down, up, ipUdpBytes);
    }

    /**
     * The download time limit: every response's wire bytes serialized back to back at the downlink's rate,
     * rounded per datagram as the proxy's scheduler does ({@link PathProfile#serializationNanos}). Round trips,
     * requests and the uplink are left out: the limit is what the downlink's rate alone allows.
     */
    public long limitNanos(PathProfile downlink, long imageBytes, int blockSize) {
        long blocks = Math.max(1, (imageBytes + blockSize - 1) / blockSize);
        long nanos = 0;
        for (long num = 0; num < blocks; num++) {
            int payload = (int) Math.min(blockSize, imageBytes - num * blockSize);
            nanos += downlink.serializationNanos(responseBytes(num, blockSize, payload, num < blocks - 1, imageBytes)
                    + (long) ipUdpBytes);
        }
        return nanos;
    }

    /**
     * A lossless transfer's byte counts.
     *
     * @param imageBytes the firmware bytes
     * @param blocks     the responses (one datagram each) and as many requests
     * @param down       UDP payload bytes from server to device
     * @param up         UDP payload bytes from device to server
     * @param ipUdpBytes IP/UDP bytes per datagram
     */
    public record Transfer(long imageBytes, long blocks, long down, long up, int ipUdpBytes) {

        /** Firmware bytes over all UDP payload bytes, both ways. */
        public double efficiency() {
            return (double) imageBytes / (down + up);
        }

        /** Firmware bytes over all wire bytes (UDP payload plus IP/UDP headers), both ways. */
        public double wireEfficiency() {
            return (double) imageBytes / (down + up + 2 * blocks * ipUdpBytes);
        }
    }

    /** The Block2 option's value: {@code num << 4 | M << 3 | SZX} (RFC 7959 §2.2). */
    static long block2(long num, boolean more, int blockSize) {
        if (blockSize < 16 || blockSize > 1024 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("a block size is a power of two in 16..1024, not " + blockSize);
        }
        return num << 4 | (more ? 8 : 0) | Integer.numberOfTrailingZeros(blockSize) - 4;
    }

    /** Bytes of a uint option value: the shortest big-endian form, 0 bytes for 0 (RFC 7252 §3.2). */
    static int uintLength(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a uint option is not negative");
        }
        return value == 0 ? 0 : (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
    }

    /** Bytes of one encoded option: the delta/length byte, their extensions, the value (RFC 7252 §3.1). */
    static int option(int delta, int length) {
        return 1 + extension(delta) + extension(length) + length;
    }

    private static int extension(int nibble) {
        return nibble < 13 ? 0 : nibble < 269 ? 1 : 2;
    }
}
