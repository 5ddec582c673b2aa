package io.cellota.firmware.trailer;

import java.util.Optional;

/**
 * MCUboot's swap types ({@code BOOT_SWAP_TYPE_*} in {@code bootutil_public.h}): the low nibble of
 * {@code swap_info}, and the outcome of the boot decision.
 */
public enum SwapType {
    /** Boot the primary slot as it is. */
    NONE(1),
    /** Swap in the secondary image for one boot; revert unless it confirms itself. */
    TEST(2),
    /** Swap in the secondary image for good. */
    PERM(3),
    /** Swap the images back: the tested image did not confirm itself. */
    REVERT(4),
    /** The swap failed; the primary is booted. */
    FAIL(5),
    /** Unrecoverable error. */
    PANIC(0xff);

    private final int code;

    SwapType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<SwapType> fromCode(int code) {
        for (SwapType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
