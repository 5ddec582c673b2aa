package io.cellota.device.boot;

import io.cellota.device.flash.FlashLayout;
import io.cellota.device.flash.FlashSlot;
import io.cellota.firmware.trailer.FlagState;
import io.cellota.firmware.trailer.SwapType;
import io.cellota.firmware.trailer.TrailerLayout;
import io.cellota.firmware.trailer.TrailerWrite;
import io.cellota.firmware.trailer.TrailerWrites;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MCUboot's swap-using-scratch: the sectors that hold either image are exchanged one at a time, the highest
 * first, through the one-sector scratch area, each sector passing three persisted states:
 *
 * <pre>
 *   state 0 → 1   erase scratch;   copy secondary[i] → scratch
 *   state 1 → 2   erase secondary[i]; copy primary[i] → secondary[i]
 *   state 2 → 3   erase primary[i];   copy scratch → primary[i]
 * </pre>
 *
 * Every step erases its destination and copies from a source that the persisted state proves intact, so a step
 * cut short by a power loss is simply done again on resume. Only the image area of a sector is copied: trailer
 * bytes never travel with the image. When the sectors are done, the trailer sectors not swapped are erased in
 * both slots and the primary gets the trailer MCUboot leaves ({@code swap_info}, {@code swap_size}, magic,
 * {@code image_ok} for PERM and REVERT, {@code copy_done}); those writes repeat identical bytes on resume, which
 * flash allows. Then the status area is erased.
 *
 * @see <a href="https://docs.mcuboot.com/design.html#image-swapping">MCUboot design: image swapping</a>
 */
final class ScratchSwap {

    private static final Logger LOG = LoggerFactory.getLogger(ScratchSwap.class);

    private final FlashSlot primary;
    private final FlashSlot secondary;
    private final FlashSlot scratch;
    private final SwapStatus status;
    private final SlotTrailers trailers;
    private final FlashLayout layout;

    ScratchSwap(FlashSlot primary, FlashSlot secondary, FlashSlot scratch, SwapStatus status, SlotTrailers trailers,
                FlashLayout layout) {
        this.primary = primary;
        this.secondary = secondary;
        this.scratch = scratch;
        this.status = status;
        this.trailers = trailers;
        this.layout = layout;
    }

    /** Starts a swap of {@code swapSize} bytes (the larger image of the two) and runs it to completion. */
    void start(SwapType type, long swapSize) throws IOException {
        if (swapSize <= 0 || swapSize > layout.maxImageSize()) {
            throw new IllegalArgumentException("swap size " + swapSize + " outside 1.." + layout.maxImageSize());
        }
        status.begin(type, swapSize);
        LOG.info("{} swap of {} bytes ({} sectors) started", type, swapSize, sectors(swapSize));
        run(new SwapStatus.Progress(type, swapSize, 0));
    }

    /** Completes an interrupted swap from its persisted progress. */
    void resume(SwapStatus.Progress progress) throws IOException {
        LOG.info("resuming interrupted {} swap of {} bytes after {} of {} state records", progress.type(),
                progress.swapSize(), progress.records(), 3 * sectors(progress.swapSize()));
        run(progress);
    }

    private void run(SwapStatus.Progress progress) throws IOException {
        int sectors = sectors(progress.swapSize());
        if (progress.records() > 3 * sectors) {
            throw new IllegalStateException("swap status holds " + progress.records() + " records for "
                    + sectors + " sectors");
        }
        for (int record = progress.records(); record < 3 * sectors; record++) {
            int index = sectors - 1 - record / 3;
            step(record % 3, index);
            status.record(record);
        }
        finish(progress.type(), progress.swapSize(), sectors);
        status.clear();
        LOG.info("{} swap complete", progress.type());
    }

    private void step(int state, int index) throws IOException {
        LOG.debug("sector {}: state {} -> {}", index, state, state + 1);
        long at = (long) index * layout.sectorSize();
        int length = (int) Math.min(layout.sectorSize(), layout.maxImageSize() - at);
        switch (state) {
            case 0 -> {
                scratch.eraseAll();
                copy(secondary, at, scratch, 0, length);
            }
            case 1 -> {
                secondary.eraseSector(index);
                copy(primary, at, secondary, at, length);
            }
            case 2 -> {
                primary.eraseSector(index);
                copy(scratch, 0, primary, at, length);
            }
            default -> throw new IllegalArgumentException("no swap state " + state);
        }
    }

    /** Copies {@code length} bytes: the image-area part of a sector, never its trailer bytes. */
    private static void copy(FlashSlot from, long fromOffset, FlashSlot to, long toOffset, int length)
            throws IOException {
        to.write(toOffset, from.read(fromOffset, length));
    }

    private void finish(SwapType type, long swapSize, int sectors) throws IOException {
        for (int s = Math.max(trailers.firstTrailerSector(), sectors); s < layout.sectorCount(); s++) {
            secondary.eraseSector(s);
            primary.eraseSector(s);
        }
        TrailerWrites w = trailers.writes();
        List<TrailerWrite> writes = new ArrayList<>();
        writes.add(w.flagWrite(TrailerLayout.Field.SWAP_INFO, type.code()));
        writes.add(w.swapSizeWrite(swapSize));
        if (type == SwapType.PERM || type == SwapType.REVERT) {
            writes.add(w.flagWrite(TrailerLayout.Field.IMAGE_OK, FlagState.SET_VALUE));
        }
        writes.add(w.magicWrite());
        writes.add(w.flagWrite(TrailerLayout.Field.COPY_DONE, FlagState.SET_VALUE));
        trailers.apply(primary, writes);
    }

    private int sectors(long swapSize) {
        return (int) ((swapSize + layout.sectorSize() - 1) / layout.sectorSize());
    }
}
