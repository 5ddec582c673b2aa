package io.cellota.firmware.trailer;

/**
 * One flash write the trailer protocol asks for: {@code data} at {@code offset} from the slot start. Its
 * length is a multiple of the write alignment and it lands on erased flash, as MCUboot requires.
 */
public record TrailerWrite(long offset, byte[] data) {

    public TrailerWrite {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
