package io.cellota.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rows, as a table and as JSON: every field there, ratios the right way round, nulls where nothing applies. */
class BenchOutputTest {

    static final List<String> REQUIRED = List.of("scenario", "profile", "imageBytes", "window", "seconds",
            "limitSeconds", "ratio");

    private final BenchRow time = BenchRow.time("download", "nb-iot", "coaps", 65_536, 1024, "8",
            Samples.of(30, 20, 25), 10.0, "a note");
    private final BenchRow efficiency = BenchRow.efficiency("wire", "lte-m", "coap", 65_536, 256, "8",
            Samples.of(0.5), 0.6, "");
    private final BenchRow figure = BenchRow.figure("serve", "loopback", "coaps", 65_536, 1024, "1",
            "Block2 responses/s, 100 downloads", "1/s", Samples.of(1500, 1700), "");

    @Test
    void a_time_row_reports_the_median_against_the_limit() {
        assertThat(time.seconds()).isEqualTo(25.0);
        assertThat(time.limitSeconds()).isEqualTo(10.0);
        assertThat(time.ratio()).isEqualTo(2.5);
        assertThat(time.samples()).containsExactly(30.0, 20.0, 25.0);
    }

    @Test
    void a_time_against_an_unlimited_link_has_no_ratio() {
        BenchRow unlimited = BenchRow.time("download", "loopback", "coaps", 4096, 1024, "1", Samples.of(0.1), 0, "");

        assertThat(unlimited.ratio()).isNull();
        assertThat(unlimited.limitSeconds()).isZero();
    }

    @Test
    void an_efficiency_row_has_bytes_spent_over_bytes_needed_as_its_ratio_and_no_seconds() {
        assertThat(efficiency.ratio()).isEqualTo(0.6 / 0.5);
        assertThat(efficiency.seconds()).isNull();
        assertThat(efficiency.limitSeconds()).isNull();
    }

    @Test
    void the_json_is_an_array_of_objects_with_every_field_and_nulls_where_nothing_applies(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("bench.json");

        BenchJson.write(file, List.of(time, efficiency, figure));

        JsonNode json = BenchJson.JSON.readTree(Files.readString(file));
        assertThat(json.isArray()).isTrue();
        assertThat(json).hasSize(3);
        for (JsonNode row : json) {
            assertThat(REQUIRED).allSatisfy(field -> assertThat(row.has(field)).as(field).isTrue());
        }
        assertThat(json.get(0).get("scenario").asText()).isEqualTo("download");
        assertThat(json.get(0).get("imageBytes").asLong()).isEqualTo(65_536);
        assertThat(json.get(0).get("window").asText()).isEqualTo("8");
        assertThat(json.get(0).get("seconds").asDouble()).isEqualTo(25.0);
        assertThat(json.get(0).get("ratio").asDouble()).isEqualTo(2.5);
        assertThat(json.get(2).get("seconds").isNull()).isTrue();
        assertThat(json.get(2).get("ratio").isNull()).isTrue();
    }

    @Test
    void the_table_has_a_header_and_one_aligned_line_per_row() {
        String[] lines = ResultTable.render(List.of(time, efficiency, figure)).split("\n");

        assertThat(lines).hasSize(5);
        assertThat(lines[0]).startsWith("scenario").contains("measured", "limit", "ratio");
        assertThat(lines[1]).matches("-+");
        assertThat(lines[2]).contains("download", "nb-iot", "64 KiB", "25.0 s", "10.0 s", "2.50", "a note");
        assertThat(lines[3]).contains("wire", "256", "0.500", "0.600", "1.20");
        assertThat(lines[4]).contains("Block2 responses/s", "1600 1/s");
        int limitColumn = lines[0].indexOf("  limit") + "  limit".length();
        assertThat(lines[2].substring(0, limitColumn)).endsWith("10.0 s");
    }

    @Test
    void sizes_are_printed_in_the_largest_binary_unit_that_divides_them() {
        assertThat(ResultTable.size(1024 * 1024)).isEqualTo("1 MiB");
        assertThat(ResultTable.size(512 * 1024)).isEqualTo("512 KiB");
        assertThat(ResultTable.size(1000)).isEqualTo("1000 B");
        assertThat(ResultTable.size(0)).isEqualTo("-");
    }
}
