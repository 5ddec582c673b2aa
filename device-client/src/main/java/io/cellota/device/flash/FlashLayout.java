package io.cellota.device.flash;

import io.cellota.firmware.trailer.TrailerLayout;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The flash geometry of a simulated device: two equal image slots of {@code slotSize} bytes, erased in sectors of
 * {@code sectorSize} bytes, programmed in units of {@code writeAlignment} bytes, reading {@code erasedValue} when
 * erased. The scratch area is one sector, as the smallest scratch MCUboot's swap-using-scratch mode accepts.
 *
 * @param name           how configuration and reports name the layout
 * @param slotSize       bytes in each image slot, a whole number of sectors
 * @param sectorSize     the erase unit
 * @param writeAlignment the flash's minimum write size (imgtool {@code --align})
 * @param erasedValue    what erased flash reads as: {@code 0xff} (NOR) or {@code 0x00}
 * @see <a href="https://docs.mcuboot.com/design.html#image-swap-using-scratch">MCUboot design: swap using scratch</a>
 */
public record FlashLayout(String name, long slotSize, int sectorSize, int writeAlignment, int erasedValue) {

    /**
     * The MCUboot partitions of the Thingy:91 and nRF9160 DK in internal flash: 0x70000-byte slots, 4 KiB sectors,
     * 4-byte (word) writes.
     */
    public static final FlashLayout NRF9160 = new FlashLayout("nrf9160", 0x70000, 4096, 4, 0xff);

    /** 2 MiB slots, as with a secondary slot in external flash; for benchmarks with 1 MiB images. */
    public static final FlashLayout LARGE = new FlashLayout("large", 0x200000, 4096, 4, 0xff);

    private static final List<FlashLayout> PRESETS = List.of(NRF9160, LARGE);

    public FlashLayout {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a flash layout needs a name");
        }
        if (sectorSize <= 0) {
            throw new IllegalArgumentException("sector size must be positive, was " + sectorSize);
        }
        if (slotSize <= 0 || slotSize % sectorSize != 0) {
            throw new IllegalArgumentException("slot size " + slotSize + " must be a positive multiple of the sector"
                    + " size " + sectorSize);
        }
        if (slotSize / sectorSize > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many sectors in a slot of " + slotSize + " bytes");
        }
        if (Integer.bitCount(writeAlignment) != 1 || writeAlignment > 32 || sectorSize % writeAlignment != 0) {
            throw new IllegalArgumentException("write alignment must be 1, 2, 4, 8, 16 or 32 and divide the sector"
                    + " size, was " + writeAlignment);
        }
        if (erasedValue != 0xff && erasedValue != 0) {
            throw new IllegalArgumentException("erased value must be 0xff or 0, was " + erasedValue);
        }
        trailerLayout(slotSize, sectorSize, writeAlignment);
    }

    /** The preset called {@code name} (case-insensitive): {@code nrf9160} or {@code large}. */
    public static Optional<FlashLayout> named(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return PRESETS.stream().filter(p -> p.name.equals(wanted)).findFirst();
    }

    /** The presets, for help texts. */
    public static List<FlashLayout> presets() {
        return PRESETS;
    }

    /** Sectors in one slot. */
    public int sectorCount() {
        return (int) (slotSize / sectorSize);
    }

    /**
     * {@code BOOT_MAX_IMG_SECTORS}: 128 (MCUboot's and imgtool's default), or the slot's sector count when that is
     * larger, since the swap status must cover every sector of the slot. Images for a layout with more than 128
     * sectors must be signed with imgtool {@code --max-sectors} set to this value.
     */
    public int maxSectors() {
        return Math.max(TrailerLayout.DEFAULT_MAX_SECTORS, sectorCount());
    }

    /** The image trailer at the end of each slot (swap mode, {@code BOOT_MAX_ALIGN = max(8, writeAlignment)}). */
    public TrailerLayout trailerLayout() {
        return trailerLayout(slotSize, sectorSize, writeAlignment);
    }

    private static TrailerLayout trailerLayout(long slotSize, int sectorSize, int writeAlignment) {
        int maxSectors = (int) Math.max(TrailerLayout.DEFAULT_MAX_SECTORS, slotSize / sectorSize);
        return new TrailerLayout(slotSize, writeAlignment, Math.max(TrailerLayout.DEFAULT_MAX_ALIGN, writeAlignment),
                maxSectors, false);
    }

    /** The largest image a slot holds: the slot minus its trailer. */
    public long maxImageSize() {
        return trailerLayout().maxImageSize();
    }

    public FlashLayout withName(String newName) {
        return new FlashLayout(newName, slotSize, sectorSize, writeAlignment, erasedValue);
    }

    public FlashLayout withSlotSize(long newSlotSize) {
        return new FlashLayout(name, newSlotSize, sectorSize, writeAlignment, erasedValue);
    }

    public FlashLayout withSectorSize(int newSectorSize) {
        return new FlashLayout(name, slotSize, newSectorSize, writeAlignment, erasedValue);
    }

    public FlashLayout withWriteAlignment(int newAlignment) {
        return new FlashLayout(name, slotSize, sectorSize, newAlignment, erasedValue);
    }

    public FlashLayout withErasedValue(int newErasedValue) {
        return new FlashLayout(name, slotSize, sectorSize, writeAlignment, newErasedValue);
    }
}
