package io.cellota.firmware.trailer;

/**
 * A one-byte trailer flag as MCUboot reads it ({@code boot_flag_decode}): set only when it equals
 * {@code 0x01}, unset when it holds the erased value, bad otherwise.
 */
public enum FlagState {
    SET,
    UNSET,
    BAD;

    /** The value MCUboot writes to set a flag. */
    public static final int SET_VALUE = 0x01;

    static FlagState decode(int value, int erasedValue) {
        if (value == SET_VALUE) {
            return SET;
        }
        return value == erasedValue ? UNSET : BAD;
    }
}
