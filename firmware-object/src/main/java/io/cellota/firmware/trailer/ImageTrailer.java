package io.cellota.firmware.trailer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Optional;

/**
 * The decoded trailer of one slot: magic, {@code image_ok}, {@code copy_done}, {@code swap_info} and
 * {@code swap_size}, as MCUboot's {@code boot_read_swap_state} sees them.
 *
 * @param swapInfo the raw {@code swap_info} byte: swap type in the low nibble, image index in the high one
 * @param swapSize the raw {@code swap_size} word, meaningful only while a swap runs
 * @see <a href="https://docs.mcuboot.com/design.html#image-trailer">MCUboot design: image trailer</a>
 */
public record ImageTrailer(MagicState magic, FlagState imageOk, FlagState copyDone, int swapInfo, long swapSize) {

    /** An erased trailer: what a slot holds before anything is written. */
    public static final ImageTrailer ERASED =
            new ImageTrailer(MagicState.UNSET, FlagState.UNSET, FlagState.UNSET, 0xff, 0xffff_ffffL);

    /** The trailer of a slot erased to {@code erasedValue} (0xff or 0). */
    public static ImageTrailer erased(int erasedValue) {
        long word = erasedValue == 0 ? 0 : 0xffff_ffffL;
        return new ImageTrailer(MagicState.UNSET, FlagState.UNSET, FlagState.UNSET, erasedValue, word);
    }

    public ImageTrailer {
        if (swapInfo < 0 || swapInfo > 0xff) {
            throw new IllegalArgumentException("swap_info is one byte, was " + swapInfo);
        }
    }

    /**
     * Decodes the last {@link TrailerLayout#fieldsAreaSize()} bytes of a slot.
     *
     * @param tail        the slot's last bytes
     * @param maxAlign    {@code BOOT_MAX_ALIGN}
     * @param erasedValue what erased flash reads as (0xff on nRF91)
     */
    public static ImageTrailer decode(byte[] tail, int maxAlign, int erasedValue) {
        int need = TrailerLayout.fieldsAreaSize(maxAlign);
        int magicArea = need - 4 * maxAlign;
        if (tail.length != need) {
            throw new IllegalArgumentException("trailer tail must be " + need + " bytes, was " + tail.length);
        }
        byte[] magic = Arrays.copyOfRange(tail, tail.length - TrailerLayout.MAGIC_SIZE, tail.length);
        MagicState magicState = decodeMagic(magic, maxAlign, erasedValue);
        int imageOk = tail[need - magicArea - maxAlign] & 0xff;
        int copyDone = tail[need - magicArea - 2 * maxAlign] & 0xff;
        int swapInfo = tail[need - magicArea - 3 * maxAlign] & 0xff;
        long swapSize = ByteBuffer.wrap(tail, need - magicArea - 4 * maxAlign, 4)
                .order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffff_ffffL;
        return new ImageTrailer(magicState, FlagState.decode(imageOk, erasedValue),
                FlagState.decode(copyDone, erasedValue), swapInfo, swapSize);
    }

    private static MagicState decodeMagic(byte[] magic, int maxAlign, int erasedValue) {
        if (Arrays.equals(magic, TrailerLayout.magicFor(maxAlign))) {
            return MagicState.GOOD;
        }
        for (byte b : magic) {
            if ((b & 0xff) != erasedValue) {
                return MagicState.BAD;
            }
        }
        return MagicState.UNSET;
    }

    /** The swap type in {@code swap_info}, if {@code swap_info} is written and names one. */
    public Optional<SwapType> swapType() {
        return swapInfo == 0xff ? Optional.empty() : SwapType.fromCode(swapInfo & 0x0f);
    }

    /** The image index in {@code swap_info}'s high nibble (multi-image setups). */
    public int imageIndex() {
        return swapInfo == 0xff ? 0 : swapInfo >> 4;
    }

    public ImageTrailer withMagic(MagicState m) {
        return new ImageTrailer(m, imageOk, copyDone, swapInfo, swapSize);
    }

    public ImageTrailer withImageOk(FlagState f) {
        return new ImageTrailer(magic, f, copyDone, swapInfo, swapSize);
    }

    public ImageTrailer withCopyDone(FlagState f) {
        return new ImageTrailer(magic, imageOk, f, swapInfo, swapSize);
    }

    public ImageTrailer withSwapInfo(int info) {
        return new ImageTrailer(magic, imageOk, copyDone, info, swapSize);
    }
}
