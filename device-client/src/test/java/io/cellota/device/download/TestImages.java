package io.cellota.device.download;

import java.util.SplittableRandom;

/** Reproducible pseudo-random package contents for download tests. */
public final class TestImages {

    private TestImages() {
    }

    /** {@code size} bytes drawn from {@code seed}. */
    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
