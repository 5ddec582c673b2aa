package io.cellota.server.repository;

import java.io.InputStream;

/** An upload body that never ends, counting what was read from it: proof that a limit stops reading early. */
final class EndlessStream extends InputStream {

    private long served;

    long served() {
        return served;
    }

    @Override
    public int read() {
        served++;
        return 0x5a;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        java.util.Arrays.fill(buffer, offset, offset + length, (byte) 0x5a);
        served += length;
        return length;
    }
}
