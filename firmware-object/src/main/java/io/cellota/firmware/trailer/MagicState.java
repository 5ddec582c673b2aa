package io.cellota.firmware.trailer;

/** The trailer magic as MCUboot reads it ({@code boot_magic_decode}): good, erased, or anything else. */
public enum MagicState {
    GOOD,
    UNSET,
    BAD
}
