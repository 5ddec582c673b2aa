package io.cellota.firmware.signing;

/** imgtool's {@code --public-key-format}: which TLV tells the bootloader the signing key. */
public enum PublicKeyFormat {
    /** {@code KEYHASH}: a hash of the key compiled into the bootloader (the default). */
    HASH,
    /** {@code PUBKEY}: the key itself, for bootloaders that keep only its hash in hardware. */
    FULL
}
