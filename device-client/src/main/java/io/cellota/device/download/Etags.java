package io.cellota.device.download;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** Entity-tag comparison and display, where a missing tag is a value of its own (CoAP and HTTP alike). */
final class Etags {

    private Etags() {
    }

    /** Whether both are absent, or both present and equal byte for byte. */
    static boolean same(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    /** Whether an HTTP entity tag is strong: the only kind If-Range may carry (RFC 9110 §8.8.3, §13.1.5). */
    static boolean strong(byte[] tag) {
        return tag.length > 1 && tag[0] == '"';
    }

    /** The tag in hex, or {@code -} when absent. */
    static String hex(Optional<byte[]> tag) {
        return tag.map(HexFormat.of()::formatHex).orElse("-");
    }
}
