package io.cellota.device.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.device.download.OutOfStorageException;
import io.cellota.firmware.image.ImageReader;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.VerificationResult;
import io.cellota.firmware.testkit.ReferenceImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file that behaves like NOR flash: erased first, bits cleared by writes, set again only by sector erases. */
class FlashSlotTest {

    private static final FlashLayout SMALL = FlashLayout.NRF9160.withName("small").withSlotSize(8 * 4096);

    @TempDir
    Path dir;

    @Test
    void a_new_slot_is_a_file_of_erased_flash() throws Exception {
        try (FlashSlot slot = open("secondary.bin", FlashFaults.none())) {
            assertThat(Files.size(dir.resolve("secondary.bin"))).isEqualTo(SMALL.slotSize());
            assertThat(slot.isErased(0, (int) slot.size())).isTrue();
            assertThat(slot.name()).isEqualTo("secondary");
        }
    }

    @Test
    void written_bytes_read_back_and_survive_reopening() throws Exception {
        try (FlashSlot slot = open("primary.bin", FlashFaults.none())) {
            slot.write(100, new byte[] {1, 2, 3});
        }
        try (FlashSlot slot = open("primary.bin", FlashFaults.none())) {
            assertThat(slot.read(99, 5)).containsExactly(0xff, 1, 2, 3, 0xff);
        }
    }

    @Test
    void rewriting_identical_data_or_clearing_more_bits_is_allowed() throws Exception {
        try (FlashSlot slot = open("slot.bin", FlashFaults.none())) {
            slot.write(0, new byte[] {0x0f, 0x55});
            slot.write(0, new byte[] {0x0f, 0x55});
            slot.write(0, new byte[] {0x0e, 0x05});

            assertThat(slot.read(0, 2)).containsExactly(0x0e, 0x05);
        }
    }

    @Test
    void writing_over_programmed_bits_fails_naming_the_offset_and_writes_nothing() throws Exception {
        try (FlashSlot slot = open("slot.bin", FlashFaults.none())) {
            slot.write(0x1000, new byte[] {0x12, 0x34});

            assertThatThrownBy(() -> slot.write(0x0fff, new byte[] {0x00, 0x12, 0x35}))
                    .isInstanceOfSatisfying(FlashException.class, e -> {
                        assertThat(e.offset()).isEqualTo(0x1001);
                        assertThat(e.area()).isEqualTo("slot");
                        assertThat(e.getMessage()).contains("0x1001", "without an erase");
                    });
            assertThat(slot.read(0x0fff, 1)).as("untouched").containsExactly(0xff);
        }
    }

    @Test
    void erasing_works_on_whole_sectors_only_and_restores_the_erased_value() throws Exception {
        try (FlashSlot slot = open("slot.bin", FlashFaults.none())) {
            slot.write(4096, new byte[] {0});
            slot.write(8191, new byte[] {0});
            slot.write(8192, new byte[] {0});

            slot.eraseSector(1);

            assertThat(slot.read(4096, 1)).containsExactly(0xff);
            assertThat(slot.read(8191, 1)).containsExactly(0xff);
            assertThat(slot.read(8192, 1)).as("next sector kept").containsExactly(0);
            assertThatThrownBy(() -> slot.erase(100, 4096)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("whole 4096-byte sectors");
            assertThatThrownBy(() -> slot.erase(0, 100)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void flash_that_erases_to_zero_programs_by_setting_bits() throws Exception {
        FlashLayout zeroErased = SMALL.withErasedValue(0);
        try (FlashSlot slot = FlashSlot.open(dir.resolve("zero.bin"), zeroErased.slotSize(), zeroErased,
                FlashFaults.none())) {
            slot.write(0, new byte[] {0x10});
            slot.write(0, new byte[] {0x11});

            assertThat(slot.read(0, 2)).containsExactly(0x11, 0);
            assertThatThrownBy(() -> slot.write(0, new byte[] {0x01})).isInstanceOf(FlashException.class);
        }
    }

    @Test
    void a_file_of_another_size_is_refused() throws Exception {
        Files.write(dir.resolve("short.bin"), new byte[4096]);

        assertThatThrownBy(() -> open("short.bin", FlashFaults.none())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("another flash layout");
    }

    @Test
    void an_image_in_a_slot_is_read_and_verified_in_place() throws Exception {
        byte[] image = ReferenceImages.bytes(ReferenceImages.ED25519_SECCNT7);
        FlashLayout slots = FlashLayout.NRF9160.withSlotSize(0x20000);
        try (FlashSlot slot = FlashSlot.open(dir.resolve("slot.bin"), slots.slotSize(), slots, FlashFaults.none())) {
            slot.write(0, image);

            VerificationResult result = new ImageVerifier(List.of(ReferenceImages.publicKey("ed25519"))).verify(slot);

            assertThat(result.isValid()).as(result.describe()).isTrue();
            assertThat(ImageReader.read(slot.region(image.length)).securityCounter()).hasValue(7);
        }
    }

    @Test
    void a_power_cut_writes_part_of_the_chosen_write_and_then_the_device_is_off() throws Exception {
        FlashFaults faults = FlashFaults.none();
        try (FlashSlot slot = open("slot.bin", faults); FlashSlot other = open("other.bin", faults)) {
            slot.write(0, new byte[] {1});
            faults.cutPower(PowerCut.onWrite(2));
            other.write(0, new byte[] {2});
            byte[] eight = new byte[8];
            Arrays.fill(eight, (byte) 0x33);

            assertThatThrownBy(() -> slot.write(16, eight)).isInstanceOf(PowerCutException.class)
                    .hasMessageContaining("4 written");
            assertThat(faults.powerLost()).isTrue();
            assertThatThrownBy(() -> other.read(0, 1)).isInstanceOf(PowerCutException.class);
            assertThat(faults.writes()).isEqualTo(3);
        }
        try (FlashSlot rebooted = open("slot.bin", FlashFaults.none())) {
            assertThat(rebooted.read(16, 8)).containsExactly(0x33, 0x33, 0x33, 0x33, 0xff, 0xff, 0xff, 0xff);
        }
    }

    @Test
    void a_power_cut_may_keep_nothing_of_the_write() throws Exception {
        try (FlashSlot slot = open("slot.bin", FlashFaults.none().cutPower(PowerCut.onWrite(1).withKeptFraction(0)))) {
            assertThatThrownBy(() -> slot.write(0, new byte[] {0, 0})).isInstanceOf(PowerCutException.class);
        }
        try (FlashSlot rebooted = open("slot.bin", FlashFaults.none())) {
            assertThat(rebooted.isErased(0, 2)).isTrue();
        }
    }

    @Test
    void writes_past_the_byte_budget_fail_as_out_of_storage_and_write_nothing() throws Exception {
        FlashFaults faults = FlashFaults.none().limitWrites(10);
        try (FlashSlot slot = open("slot.bin", faults)) {
            slot.write(0, new byte[8]);

            assertThatThrownBy(() -> slot.write(8, new byte[3])).isInstanceOf(OutOfStorageException.class)
                    .hasMessageContaining("budget of 10 bytes");
            assertThat(slot.isErased(8, 3)).isTrue();
            slot.write(8, new byte[2]);
            assertThat(faults.bytesWritten()).isEqualTo(10);
        }
    }

    @Test
    void a_power_cut_is_validated_and_keeps_less_than_the_whole_write() {
        assertThat(PowerCut.onWrite(1).keptBytes(16)).isEqualTo(8);
        assertThat(PowerCut.onWrite(1).keptBytes(1)).isZero();
        assertThat(PowerCut.onWrite(1).withKeptFraction(0.99).keptBytes(4)).isEqualTo(3);
        assertThatThrownBy(() -> PowerCut.onWrite(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PowerCut.onWrite(1).withKeptFraction(1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    private FlashSlot open(String file, FlashFaults faults) throws Exception {
        return FlashSlot.open(dir.resolve(file), SMALL.slotSize(), SMALL, faults);
    }
}
