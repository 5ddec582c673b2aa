package io.cellota.device.boot;

import io.cellota.device.flash.FlashLayout;
import io.cellota.device.flash.FlashSlot;
import io.cellota.firmware.trailer.ImageTrailer;
import io.cellota.firmware.trailer.TrailerLayout;
import io.cellota.firmware.trailer.TrailerWrite;
import io.cellota.firmware.trailer.TrailerWrites;
import java.io.IOException;
import java.util.List;

/**
 * Reads and writes the MCUboot image trailer at the end of a slot, through firmware-object's {@link ImageTrailer}
 * and {@link TrailerWrites}, so the bytes are MCUboot's.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-trailer">MCUboot design: image trailer</a>
 */
final class SlotTrailers {

    private final FlashLayout flash;
    private final TrailerLayout layout;
    private final TrailerWrites writes;

    SlotTrailers(FlashLayout flash) {
        this.flash = flash;
        this.layout = flash.trailerLayout();
        this.writes = new TrailerWrites(layout, flash.erasedValue());
    }

    TrailerWrites writes() {
        return writes;
    }

    ImageTrailer read(FlashSlot slot) throws IOException {
        int length = layout.fieldsAreaSize();
        byte[] tail = slot.read(slot.size() - length, length);
        return ImageTrailer.decode(tail, layout.maxAlign(), flash.erasedValue());
    }

    void apply(FlashSlot slot, List<TrailerWrite> trailerWrites) throws IOException {
        for (TrailerWrite w : trailerWrites) {
            slot.write(w.offset(), w.data());
        }
    }

    /** The first sector holding trailer bytes; it may hold the end of the image area too. */
    int firstTrailerSector() {
        return (int) (layout.maxImageSize() / flash.sectorSize());
    }

    /** Erases every sector holding trailer bytes ({@code swap_scramble_trailer_sectors}). */
    void eraseTrailerSectors(FlashSlot slot) throws IOException {
        for (int s = firstTrailerSector(); s < flash.sectorCount(); s++) {
            slot.eraseSector(s);
        }
    }
}
