package io.cellota.device.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.device.download.OutOfStorageException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloaded blocks land in the secondary slot's image area, under flash rules. */
class SlotSinkTest {

    private static final FlashLayout SMALL = FlashLayout.NRF9160.withName("small").withSlotSize(8 * 4096);

    @TempDir
    Path dir;

    @Test
    void capacity_is_the_slot_without_its_trailer() throws Exception {
        try (FlashSlot slot = open(FlashFaults.none())) {
            assertThat(SlotSink.forImages(slot, SMALL).capacity()).isEqualTo(8 * 4096 - 1584);
        }
    }

    @Test
    void blocks_arriving_out_of_order_and_retried_land_in_place() throws Exception {
        try (FlashSlot slot = open(FlashFaults.none())) {
            SlotSink sink = SlotSink.forImages(slot, SMALL);
            ByteBuffer second = block(256, 2);

            sink.write(256, second);
            sink.write(0, block(256, 1));
            sink.write(256, block(256, 2));
            sink.flush();

            assertThat(second.hasRemaining()).as("consumed").isFalse();
            assertThat(slot.read(0, 1)).containsExactly(1);
            assertThat(slot.read(511, 1)).containsExactly(2);
        }
    }

    @Test
    void a_different_block_at_the_same_offset_fails_until_the_sink_is_reset() throws Exception {
        try (FlashSlot slot = open(FlashFaults.none())) {
            SlotSink sink = SlotSink.forImages(slot, SMALL);
            sink.write(0, block(64, 1));

            assertThatThrownBy(() -> sink.write(0, block(64, 2))).isInstanceOf(FlashException.class);
            sink.reset();
            sink.write(0, block(64, 2));

            assertThat(slot.read(0, 1)).containsExactly(2);
        }
    }

    @Test
    void a_write_past_the_capacity_is_out_of_storage_and_never_reaches_the_trailer() throws Exception {
        try (FlashSlot slot = open(FlashFaults.none())) {
            SlotSink sink = SlotSink.forImages(slot, SMALL);

            assertThatThrownBy(() -> sink.write(sink.capacity() - 10, block(11, 1)))
                    .isInstanceOf(OutOfStorageException.class).hasMessageContaining("capacity");
            sink.write(sink.capacity() - 10, block(10, 1));
            assertThat(slot.isErased(sink.capacity(), (int) (slot.size() - sink.capacity()))).isTrue();
        }
    }

    @Test
    void storage_failing_under_a_write_budget_surfaces_as_out_of_storage() throws Exception {
        try (FlashSlot slot = open(FlashFaults.none().limitWrites(1000))) {
            SlotSink sink = SlotSink.forImages(slot, SMALL);
            sink.write(0, block(1000, 1));

            assertThatThrownBy(() -> sink.write(1000, block(1, 1))).isInstanceOf(OutOfStorageException.class);
        }
    }

    private FlashSlot open(FlashFaults faults) throws Exception {
        return FlashSlot.open(dir.resolve("secondary.bin"), SMALL.slotSize(), SMALL, faults);
    }

    private static ByteBuffer block(int length, int value) {
        byte[] b = new byte[length];
        java.util.Arrays.fill(b, (byte) value);
        return ByteBuffer.wrap(b);
    }
}
