package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which bytes a Block2 request gets (RFC 7959 §2.2, §2.4): sizes, late negotiation, the end, the limits. */
class BlockSliceTest {

    @Test
    void block_0_of_a_package_fills_the_block_and_says_more_follows() {
        assertThat(BlockSlice.of(0, 1024, 1024, 4000)).contains(new BlockSlice(6, 0, 0, 1024, true));
    }

    @Test
    void the_last_block_is_short_and_says_no_more() {
        assertThat(BlockSlice.of(3072, 1024, 1024, 4000)).contains(new BlockSlice(6, 3, 3072, 928, false));
        assertThat(BlockSlice.of(3072, 1024, 1024, 4096)).contains(new BlockSlice(6, 3, 3072, 1024, false));
    }

    @Test
    void a_larger_request_than_the_limit_gets_the_limit_at_the_same_offset() {
        assertThat(BlockSlice.of(7 * 1024, 1024, 256, 100_000)).contains(new BlockSlice(4, 28, 7 * 1024, 256, true));
        assertThat(BlockSlice.of(0, 1024, 16, 100)).contains(new BlockSlice(0, 0, 0, 16, true));
    }

    @Test
    void a_smaller_request_than_the_limit_gets_what_it_asked() {
        assertThat(BlockSlice.of(7 * 64, 64, 1024, 100_000)).contains(new BlockSlice(2, 7, 448, 64, true));
    }

    @Test
    void a_block_at_or_past_the_end_does_not_exist() {
        assertThat(BlockSlice.of(4000, 16, 1024, 4000)).isEmpty();
        assertThat(BlockSlice.of(4096, 1024, 1024, 4000)).isEmpty();
        assertThat(BlockSlice.of((long) BlockSlice.MAX_NUM * 1024, 1024, 1024, 4000)).isEmpty();
    }

    @Test
    void block_0_of_an_empty_package_is_an_empty_last_block() {
        assertThat(BlockSlice.of(0, 512, 1024, 0)).contains(new BlockSlice(5, 0, 0, 0, false));
    }

    @Test
    void a_block_number_beyond_20_bits_in_the_smaller_size_cannot_be_answered() {
        long offset = (long) BlockSlice.MAX_NUM * 1024;

        assertThat(BlockSlice.of(offset, 1024, 16, 2L << 30)).isEmpty();
        assertThat(BlockSlice.of(offset, 1024, 1024, 2L << 30)).map(BlockSlice::num)
                .isEqualTo(Optional.of(BlockSlice.MAX_NUM));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 15, 17, 48, 1000, 2048, -16})
    void sizes_that_are_not_block_sizes_are_a_broken_contract(int size) {
        assertThat(BlockSlice.isBlockSize(size)).isFalse();
        assertThatThrownBy(() -> BlockSlice.of(0, size, 1024, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BlockSlice.of(0, 1024, size, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_size_follows_the_exponent() {
        for (int szx = 0; szx <= 6; szx++) {
            assertThat(new BlockSlice(szx, 0, 0, 0, false).size()).isEqualTo(16 << szx);
        }
    }
}
