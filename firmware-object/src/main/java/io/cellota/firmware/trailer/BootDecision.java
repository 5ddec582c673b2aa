package io.cellota.firmware.trailer;

/**
 * MCUboot's swap decision ({@code boot_swap_tables} in {@code bootutil_public.c}) for the swap-using-scratch
 * and swap-using-move modes: the first row that matches the two trailers wins.
 *
 * <pre>
 *   primary: magic / image_ok / copy_done | secondary: magic / image_ok / copy_done | swap type
 *   any                                   | GOOD / UNSET / any                     | TEST
 *   any                                   | GOOD / SET   / any                     | PERM
 *   GOOD / UNSET / SET                    | any                                   | REVERT
 *   otherwise                                                                     | NONE
 * </pre>
 *
 * The swap type in {@code swap_info} is not consulted here, as in {@code boot_swap_type_multi}; it tells an
 * interrupted swap what it was doing. (The swap-using-offset row for an interrupted revert is not modelled.)
 *
 * @see <a href="https://docs.mcuboot.com/design.html#boot-swap-types">MCUboot design: boot swap types</a>
 */
public final class BootDecision {

    private BootDecision() {
    }

    public static SwapType decide(ImageTrailer primary, ImageTrailer secondary) {
        if (secondary.magic() == MagicState.GOOD && secondary.imageOk() == FlagState.UNSET) {
            return SwapType.TEST;
        }
        if (secondary.magic() == MagicState.GOOD && secondary.imageOk() == FlagState.SET) {
            return SwapType.PERM;
        }
        if (primary.magic() == MagicState.GOOD && primary.imageOk() == FlagState.UNSET
                && primary.copyDone() == FlagState.SET) {
            return SwapType.REVERT;
        }
        return SwapType.NONE;
    }

}
