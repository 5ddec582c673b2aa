package io.cellota.firmware.trailer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.testkit.ReferenceImages;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trailer layout, decoding and the application's writes, against imgtool's padded image. */
class TrailerTest {

    private static final TrailerLayout SLOT_128K = TrailerLayout.of(0x20000, 4);

    @Test
    void layout_puts_the_fields_where_imgtool_and_mcuboot_do() {
        assertThat(SLOT_128K.trailerSize()).isEqualTo(1584);
        assertThat(SLOT_128K.magicOffset()).isEqualTo(0x20000 - 16);
        assertThat(SLOT_128K.offsetOf(TrailerLayout.Field.IMAGE_OK)).isEqualTo(0x20000 - 24);
        assertThat(SLOT_128K.offsetOf(TrailerLayout.Field.COPY_DONE)).isEqualTo(0x20000 - 32);
        assertThat(SLOT_128K.offsetOf(TrailerLayout.Field.SWAP_INFO)).isEqualTo(0x20000 - 40);
        assertThat(SLOT_128K.offsetOf(TrailerLayout.Field.SWAP_SIZE)).isEqualTo(0x20000 - 48);
        assertThat(SLOT_128K.maxImageSize()).isEqualTo(0x20000 - 1584);
        assertThat(new TrailerLayout(0x20000, 4, 8, 128, true).trailerSize()).isEqualTo(32);
    }

    @Test
    void decodes_imgtools_confirmed_trailer() {
        byte[] image = ReferenceImages.bytes(ReferenceImages.PADDED_CONFIRMED);

        ImageTrailer trailer = ImageTrailer.decode(tail(image, SLOT_128K), 8, 0xff);

        assertThat(trailer).isEqualTo(new ImageTrailer(MagicState.GOOD, FlagState.SET, FlagState.UNSET, 0xff, 0xffff_ffffL));
        assertThat(image[0x1FFE8]).as("image_ok at slot end - 24").isEqualTo((byte) 1);
    }

    @Test
    void a_flag_is_set_only_as_0x01_and_bad_otherwise() {
        byte[] image = ReferenceImages.bytes(ReferenceImages.PADDED_CONFIRMED);
        image[0x1FFE8] = 0x02;

        assertThat(ImageTrailer.decode(tail(image, SLOT_128K), 8, 0xff).imageOk()).isEqualTo(FlagState.BAD);
    }

    @Test
    void a_damaged_magic_is_bad_and_an_erased_one_unset() {
        byte[] slot = erasedSlot();
        assertThat(ImageTrailer.decode(tail(slot, SLOT_128K), 8, 0xff)).isEqualTo(ImageTrailer.ERASED);
        slot[slot.length - 1] = 0x00;
        assertThat(ImageTrailer.decode(tail(slot, SLOT_128K), 8, 0xff).magic()).isEqualTo(MagicState.BAD);
    }

    @Test
    void requesting_a_test_upgrade_writes_magic_and_swap_info_aligned_to_the_flash() {
        TrailerWrites writes = new TrailerWrites(SLOT_128K, 0xff);
        byte[] slot = erasedSlot();

        List<TrailerWrite> w = writes.requestUpgrade(ImageTrailer.ERASED, false, 0);
        apply(slot, w);

        assertThat(w).allSatisfy(write -> {
            assertThat(write.offset() % 4).isZero();
            assertThat(write.data().length % 4).isZero();
        });
        ImageTrailer after = ImageTrailer.decode(tail(slot, SLOT_128K), 8, 0xff);
        assertThat(after.magic()).isEqualTo(MagicState.GOOD);
        assertThat(after.imageOk()).isEqualTo(FlagState.UNSET);
        assertThat(after.swapType()).contains(SwapType.TEST);
        assertThat(writes.requestUpgrade(after, false, 0)).as("idempotent once the magic is good").isEmpty();
    }

    @Test
    void requesting_a_permanent_upgrade_also_sets_image_ok() {
        byte[] slot = erasedSlot();
        apply(slot, new TrailerWrites(SLOT_128K, 0xff).requestUpgrade(ImageTrailer.ERASED, true, 0));

        ImageTrailer after = ImageTrailer.decode(tail(slot, SLOT_128K), 8, 0xff);
        assertThat(after.imageOk()).isEqualTo(FlagState.SET);
        assertThat(after.swapType()).contains(SwapType.PERM);
    }

    @Test
    void confirming_writes_image_ok_only_after_a_swap() {
        TrailerWrites writes = new TrailerWrites(SLOT_128K, 0xff);
        ImageTrailer swapped = new ImageTrailer(MagicState.GOOD, FlagState.UNSET, FlagState.SET, 0x02, 0);

        assertThat(writes.confirm(swapped)).singleElement()
                .satisfies(w -> assertThat(w.offset()).isEqualTo(SLOT_128K.offsetOf(TrailerLayout.Field.IMAGE_OK)));
        assertThat(writes.confirm(swapped.withImageOk(FlagState.SET))).isEmpty();
        assertThat(writes.confirm(ImageTrailer.ERASED)).isEmpty();
        assertThatThrownBy(() -> writes.confirm(swapped.withMagic(MagicState.BAD))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_boot_decision_follows_mcuboots_swap_table() {
        ImageTrailer pending = ImageTrailer.ERASED.withMagic(MagicState.GOOD).withSwapInfo(2);
        ImageTrailer permanent = pending.withImageOk(FlagState.SET);
        ImageTrailer swappedUnconfirmed = ImageTrailer.ERASED.withMagic(MagicState.GOOD).withCopyDone(FlagState.SET);

        assertThat(BootDecision.decide(ImageTrailer.ERASED, ImageTrailer.ERASED)).isEqualTo(SwapType.NONE);
        assertThat(BootDecision.decide(ImageTrailer.ERASED, pending)).isEqualTo(SwapType.TEST);
        assertThat(BootDecision.decide(swappedUnconfirmed, pending)).as("secondary rows come first").isEqualTo(SwapType.TEST);
        assertThat(BootDecision.decide(ImageTrailer.ERASED, permanent)).isEqualTo(SwapType.PERM);
        assertThat(BootDecision.decide(swappedUnconfirmed, ImageTrailer.ERASED)).isEqualTo(SwapType.REVERT);
        assertThat(BootDecision.decide(swappedUnconfirmed.withImageOk(FlagState.SET), ImageTrailer.ERASED))
                .isEqualTo(SwapType.NONE);
        assertThat(BootDecision.decide(ImageTrailer.ERASED, pending.withMagic(MagicState.BAD))).isEqualTo(SwapType.NONE);
    }

    @Test
    void the_magic_for_larger_max_align_carries_the_alignment() {
        TrailerLayout wide = new TrailerLayout(0x20000, 16, 16, 128, false);
        assertThat(wide.magic()[0]).isEqualTo((byte) 16);
        assertThat(TrailerLayout.maxAlignOfMagic(wide.magic())).isEqualTo(16);
        assertThat(TrailerLayout.maxAlignOfMagic(SLOT_128K.magic())).isEqualTo(8);
        assertThat(TrailerLayout.maxAlignOfMagic(new byte[16])).isEqualTo(-1);
    }

    @Test
    void rejects_layouts_mcuboot_cannot_have() {
        assertThatThrownBy(() -> TrailerLayout.of(0x20000, 3)).hasMessageContaining("write alignment");
        assertThatThrownBy(() -> new TrailerLayout(0x20000, 16, 8, 128, false)).hasMessageContaining("max align");
        assertThatThrownBy(() -> TrailerLayout.of(1000, 4)).hasMessageContaining("cannot hold a trailer");
    }

    private static byte[] erasedSlot() {
        byte[] slot = new byte[0x20000];
        Arrays.fill(slot, (byte) 0xff);
        return slot;
    }

    private static byte[] tail(byte[] slot, TrailerLayout layout) {
        return Arrays.copyOfRange(slot, slot.length - layout.fieldsAreaSize(), slot.length);
    }

    private static void apply(byte[] slot, List<TrailerWrite> writes) {
        for (TrailerWrite w : writes) {
            byte[] d = w.data();
            for (int i = 0; i < d.length; i++) {
                assertThat(slot[(int) w.offset() + i]).as("writes land on erased flash").isEqualTo((byte) 0xff);
                slot[(int) w.offset() + i] = d[i];
            }
        }
    }
}
