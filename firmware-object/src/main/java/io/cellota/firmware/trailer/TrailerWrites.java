package io.cellota.firmware.trailer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The trailer writes an application makes through MCUboot's public API ({@code bootutil_public.c}), as
 * pure functions of the current trailer: request a test or permanent upgrade of the secondary slot
 * ({@code boot_set_pending}), and confirm the running image ({@code boot_set_confirmed}). The bootloader's
 * own writes ({@code copy_done}, swap size) are here too, for the simulated bootloader.
 */
public final class TrailerWrites {

    private final TrailerLayout layout;
    private final int erasedValue;

    public TrailerWrites(TrailerLayout layout, int erasedValue) {
        if (erasedValue != 0xff && erasedValue != 0) {
            throw new IllegalArgumentException("erased value must be 0xff or 0, was " + erasedValue);
        }
        this.layout = layout;
        this.erasedValue = erasedValue;
    }

    public TrailerLayout layout() {
        return layout;
    }

    /**
     * {@code boot_set_pending(permanent)} on the secondary slot's trailer. A test request writes the magic
     * (if unset) and {@code swap_info = TEST}; a permanent one also writes {@code image_ok}. Nothing is
     * written when the magic is already good, as MCUboot does.
     *
     * @throws IllegalStateException when the magic is bad: the slot must be erased first
     */
    public List<TrailerWrite> requestUpgrade(ImageTrailer secondary, boolean permanent, int imageIndex) {
        if (imageIndex < 0 || imageIndex > 0xf) {
            throw new IllegalArgumentException("image index must be 0..15, was " + imageIndex);
        }
        return switch (secondary.magic()) {
            case GOOD -> List.of();
            case BAD -> throw new IllegalStateException("secondary trailer magic is bad: erase the slot first");
            case UNSET -> {
                List<TrailerWrite> writes = new ArrayList<>();
                writes.add(magicWrite());
                if (permanent) {
                    writes.add(flagWrite(TrailerLayout.Field.IMAGE_OK, FlagState.SET_VALUE));
                }
                SwapType type = permanent ? SwapType.PERM : SwapType.TEST;
                writes.add(flagWrite(TrailerLayout.Field.SWAP_INFO, (imageIndex << 4) | type.code()));
                yield List.copyOf(writes);
            }
        };
    }

    /**
     * {@code boot_set_confirmed()} on the primary slot's trailer: writes {@code image_ok} when the magic is
     * good and the flag unset; nothing when already confirmed or the magic is unset (an image installed by
     * a programmer, not by a swap).
     *
     * @throws IllegalStateException when the magic or the flag is bad ({@code BOOT_EBADVECT})
     */
    public List<TrailerWrite> confirm(ImageTrailer primary) {
        return switch (primary.magic()) {
            case UNSET -> List.of();
            case BAD -> throw new IllegalStateException("primary trailer magic is bad");
            case GOOD -> switch (primary.imageOk()) {
                case SET -> List.of();
                case BAD -> throw new IllegalStateException("primary image_ok flag is bad");
                case UNSET -> List.of(flagWrite(TrailerLayout.Field.IMAGE_OK, FlagState.SET_VALUE));
            };
        };
    }

    /** The magic, written as one aligned unit that ends the slot. */
    public TrailerWrite magicWrite() {
        int area = TrailerLayout.alignUp(TrailerLayout.MAGIC_SIZE, layout.writeAlignment());
        byte[] data = new byte[area];
        Arrays.fill(data, (byte) erasedValue);
        byte[] magic = layout.magic();
        System.arraycopy(magic, 0, data, area - magic.length, magic.length);
        return new TrailerWrite(layout.slotSize() - area, data);
    }

    /** A one-byte flag, padded with the erased value to the write alignment. */
    public TrailerWrite flagWrite(TrailerLayout.Field field, int value) {
        if (field == TrailerLayout.Field.SWAP_SIZE) {
            throw new IllegalArgumentException("swap_size is a word; use swapSizeWrite");
        }
        byte[] data = new byte[layout.writeAlignment()];
        Arrays.fill(data, (byte) erasedValue);
        data[0] = (byte) value;
        return new TrailerWrite(layout.offsetOf(field), data);
    }

    /** The bootloader's {@code swap_size} word, padded to the write alignment. */
    public TrailerWrite swapSizeWrite(long size) {
        byte[] data = new byte[Math.max(4, layout.writeAlignment())];
        Arrays.fill(data, (byte) erasedValue);
        for (int i = 0; i < 4; i++) {
            data[i] = (byte) (size >>> (8 * i));
        }
        return new TrailerWrite(layout.offsetOf(TrailerLayout.Field.SWAP_SIZE), data);
    }
}
