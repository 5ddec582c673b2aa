package io.cellota.device.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The layout presets and what they imply for MCUboot's trailer. */
class FlashLayoutTest {

    @Test
    void the_nrf9160_preset_has_the_thingy91_partitions_and_imgtools_default_trailer() {
        FlashLayout nrf = FlashLayout.NRF9160;

        assertThat(nrf.slotSize()).isEqualTo(0x70000);
        assertThat(nrf.sectorCount()).isEqualTo(112);
        assertThat(nrf.maxSectors()).as("128 covers 112 sectors").isEqualTo(128);
        assertThat(nrf.trailerLayout().trailerSize()).isEqualTo(128 * 3 * 4 + 4 * 8 + 16);
        assertThat(nrf.maxImageSize()).isEqualTo(0x70000 - 1584);
    }

    @Test
    void the_large_preset_needs_a_swap_status_for_every_one_of_its_512_sectors() {
        FlashLayout large = FlashLayout.LARGE;

        assertThat(large.maxSectors()).isEqualTo(512);
        assertThat(large.trailerLayout().maxSectors()).isEqualTo(512);
        assertThat(large.maxImageSize()).isEqualTo(0x200000 - (512 * 3 * 4 + 48)).isGreaterThan(1 << 20);
    }

    @Test
    void presets_are_found_by_name_ignoring_case() {
        assertThat(FlashLayout.named("nRF9160")).contains(FlashLayout.NRF9160);
        assertThat(FlashLayout.named(" large ")).contains(FlashLayout.LARGE);
        assertThat(FlashLayout.named("nrf5340")).isEmpty();
    }

    @Test
    void a_layout_is_validated_when_built() {
        assertThatThrownBy(() -> FlashLayout.NRF9160.withSlotSize(0x70001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of the sector size");
        assertThatThrownBy(() -> FlashLayout.NRF9160.withWriteAlignment(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write alignment");
        assertThatThrownBy(() -> FlashLayout.NRF9160.withErasedValue(0x7f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("erased value");
        assertThatThrownBy(() -> FlashLayout.NRF9160.withSectorSize(1024).withSlotSize(1024))
                .as("no room for the 1584-byte trailer")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailer");
        assertThatThrownBy(() -> FlashLayout.NRF9160.withName(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void with_copies_change_one_component() {
        FlashLayout small = FlashLayout.NRF9160.withName("small").withSlotSize(8 * 4096);

        assertThat(small).isEqualTo(new FlashLayout("small", 8 * 4096, 4096, 4, 0xff));
        assertThat(small.sectorCount()).isEqualTo(8);
        assertThat(small.maxSectors()).isEqualTo(128);
    }
}
