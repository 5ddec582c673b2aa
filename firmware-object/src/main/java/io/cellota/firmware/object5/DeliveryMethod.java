package io.cellota.firmware.object5;

import java.util.Arrays;
import java.util.Optional;

/**
 * The values of Firmware Update Delivery Method {@code /5/0/9} (OMA-SUP-XML_5-V1_1, resource 9):
 * whether the client takes a package pushed to Package, pulled from Package URI, or both.
 */
public enum DeliveryMethod {
    /** 0: pull only, through Package URI. */
    PULL(0),
    /** 1: push only, through a block-wise Write of Package. */
    PUSH(1),
    /** 2: both; the server may choose. */
    BOTH(2);

    private final int code;

    DeliveryMethod(int code) {
        this.code = code;
    }

    /** The integer value of the resource. */
    public int code() {
        return code;
    }

    /** Whether the server may give the client a Package URI to pull from. */
    public boolean supportsPull() {
        return this != PUSH;
    }

    /** Whether the server may write the package to the Package resource. */
    public boolean supportsPush() {
        return this != PULL;
    }

    /** The method with this resource value; empty for anything outside 0..2 (untrusted input). */
    public static Optional<DeliveryMethod> fromCode(long code) {
        return Arrays.stream(values()).filter(m -> m.code == code).findFirst();
    }
}
