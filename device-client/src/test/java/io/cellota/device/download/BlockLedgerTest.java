package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Bookkeeping of received, outstanding and waiting blocks, and late block-size negotiation. */
class BlockLedgerTest {

    @Test
    void a_fresh_ledger_asks_for_block_zero_and_then_the_next_free_ones() {
        BlockLedger ledger = new BlockLedger(1024);

        assertThat(ledger.next()).hasValue(0);
        ledger.sending(0);
        assertThat(ledger.next()).hasValue(1024);
        ledger.sending(1024);
        assertThat(ledger.next()).hasValue(2048);
        assertThat(ledger.outstanding()).isEqualTo(2);
    }

    @Test
    void blocks_answered_out_of_order_complete_the_download_once_all_are_in() {
        BlockLedger ledger = new BlockLedger(1024);
        ledger.total(3000);

        ledger.received(2048, 952);
        ledger.received(0, 1024);
        assertThat(ledger.complete()).isFalse();
        assertThat(ledger.next()).hasValue(1024);

        ledger.received(1024, 1024);
        assertThat(ledger.complete()).isTrue();
        assertThat(ledger.next()).isEmpty();
    }

    @Test
    void nothing_is_asked_past_the_known_size() {
        BlockLedger ledger = new BlockLedger(512);
        ledger.total(1000);
        ledger.sending(0);
        ledger.sending(512);

        assertThat(ledger.next()).isEmpty();
        assertThat(ledger.lastBlockOffset()).isEqualTo(512);
    }

    @Test
    void a_block_waiting_for_its_retry_is_skipped_until_ready_and_counts_its_retries() {
        BlockLedger ledger = new BlockLedger(256);
        ledger.sending(0);

        assertThat(ledger.retry(0)).isEqualTo(1);
        assertThat(ledger.waiting()).isEqualTo(1);
        assertThat(ledger.next()).hasValue(256);

        ledger.ready(0);
        assertThat(ledger.next()).hasValue(0);
        ledger.sending(0);
        assertThat(ledger.retry(0)).isEqualTo(2);
    }

    @Test
    void shrinking_the_block_size_re_maps_received_blocks() {
        BlockLedger ledger = new BlockLedger(1024);
        ledger.total(2500);
        ledger.received(0, 1024);
        ledger.received(2048, 452);

        ledger.shrink(256);

        assertThat(ledger.blockSize()).isEqualTo(256);
        BitSet expected = new BitSet();
        expected.set(0, 4);
        expected.set(8, 10);
        assertThat(ledger.progress("coap://x/fw", Optional.empty()).received()).isEqualTo(expected);
        assertThat(ledger.next()).hasValue(1024);
    }

    @Test
    void an_outstanding_request_keeps_its_offset_across_a_shrink() {
        BlockLedger ledger = new BlockLedger(1024);
        ledger.sending(0);

        ledger.shrink(128);

        assertThat(ledger.next()).hasValue(128);
    }

    @Test
    void growing_the_block_size_is_refused() {
        BlockLedger ledger = new BlockLedger(256);

        assertThatThrownBy(() -> ledger.shrink(512)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saved_progress_in_larger_blocks_resumes_in_the_configured_smaller_ones() {
        BitSet received = new BitSet();
        received.set(0, 2);
        DownloadProgress saved = new DownloadProgress("coap://x/fw", Optional.of(new byte[] {1}), Optional.of(4096L),
                1024, received);

        BlockLedger ledger = BlockLedger.of(saved, 512);

        assertThat(ledger.blockSize()).isEqualTo(512);
        assertThat(ledger.next()).hasValue(2048);
        assertThat(ledger.total()).hasValue(4096);
    }

    @Test
    void a_server_saying_no_such_block_bounds_a_download_of_unknown_size() {
        BlockLedger ledger = new BlockLedger(64);
        ledger.received(0, 64);

        ledger.endsBefore(192);
        ledger.sending(64);
        ledger.sending(128);

        assertThat(ledger.next()).isEmpty();
    }

    @Test
    void the_progress_counts_the_last_partial_block_at_its_length() {
        BlockLedger ledger = new BlockLedger(1024);
        ledger.total(1500);
        ledger.received(0, 1024);
        ledger.received(1024, 476);

        DownloadProgress progress = ledger.progress("coap://x/fw", Optional.empty());

        assertThat(progress.isComplete()).isTrue();
        assertThat(progress.bytesReceived()).isEqualTo(1500);
    }

    @Test
    void clearing_forgets_everything_but_the_block_size() {
        BlockLedger ledger = new BlockLedger(1024);
        ledger.total(5000);
        ledger.received(0, 1024);
        ledger.shrink(512);

        ledger.clear();

        assertThat(ledger.blockSize()).isEqualTo(512);
        assertThat(ledger.total()).isEmpty();
        assertThat(ledger.next()).hasValue(0);
    }
}
