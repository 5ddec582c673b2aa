package io.cellota.device.flash;

import java.io.IOException;

/**
 * A write that NOR flash cannot perform: programming can only move bits away from the erased value, so data
 * already programmed can be written again only where the new bytes clear further bits (or repeat the old ones).
 * Anything else needs an erase first.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-trailer">MCUboot design: image trailer (why flags are
 *      written once)</a>
 */
public final class FlashException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String area;
    private final long offset;

    public FlashException(String area, long offset, String message) {
        super(message);
        this.area = area;
        this.offset = offset;
    }

    /** The flash area written to. */
    public String area() {
        return area;
    }

    /** The first offset in the area that the write could not program. */
    public long offset() {
        return offset;
    }
}
