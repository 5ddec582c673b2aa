package io.cellota.device.download;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** Entity-tag comparison and display, where a missing tag is a value of its own. */
final class Etags {

    private Etags() {
    }

    /** Whether both are absent, or both present and equal byte for byte. */
    static boolean same(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }

    /** The tag in hex, or {@code -} when absent. */
    static String hex(Optional<byte[]> tag) {
        return tag.map(HexFormat.of()::formatHex).orElse("-");
    }
}
