package io.cellota.firmware.object5;

import java.util.Arrays;
import java.util.Optional;

/**
 * The values of the State resource {@code /5/0/3} (OMA-SUP-XML_5-V1_1, resource 3, range 0..3),
 * identical in object versions 1.0 and 1.1.
 */
public enum UpdateState {
    /** 0: before downloading, after a successful update, after a reset, a failed download or a cancel. */
    IDLE(0),
    /** 1: "the data sequence is on the way", pushed to Package or pulled from Package URI. */
    DOWNLOADING(1),
    /** 2: the package is complete and the Update resource may be executed. */
    DOWNLOADED(2),
    /** 3: the update is being installed, usually across a reboot. */
    UPDATING(3);

    private final int code;

    UpdateState(int code) {
        this.code = code;
    }

    /** The integer value of the State resource. */
    public int code() {
        return code;
    }

    /**
     * The state with this resource value; empty for anything outside 0..3, because the value comes
     * from a device and must not throw.
     */
    public static Optional<UpdateState> fromCode(long code) {
        return Arrays.stream(values()).filter(s -> s.code == code).findFirst();
    }
}
