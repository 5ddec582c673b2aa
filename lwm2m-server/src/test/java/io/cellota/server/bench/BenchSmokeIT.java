package io.cellota.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.cli.CellotaCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cellota bench} end to end on one tiny case: a 4 KiB signed image downloaded over an unimpaired loopback
 * (100 Mbit/s) link through the proxy; the JSON row has its shape and the plots exist. Timing is printed by the
 * bench, never asserted here.
 */
class BenchSmokeIT {

    @Test
    void a_tiny_download_gives_a_row_of_the_documented_shape(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        Path plots = dir.resolve("plots");
        CommandLine line = CellotaCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));

        int exit = line.execute("bench", "--scenario", "download", "--profile", "loopback,down=100Mbit,up=100Mbit",
                "--size", "4KiB", "--window", "2", "--repetitions", "1", "--parallel", "1", "--json", json.toString(),
                "--plots", plots.toString(), "--work", dir.resolve("work").toString());

        assertThat(exit).as(err.toString()).isZero();
        JsonNode rows = BenchJson.JSON.readTree(Files.readString(json));
        assertThat(rows).hasSize(1);
        JsonNode row = rows.get(0);
        assertThat(BenchOutputTest.REQUIRED).allSatisfy(field -> assertThat(row.has(field)).as(field).isTrue());
        assertThat(row.get("scenario").asText()).isEqualTo("download");
        assertThat(row.get("profile").asText()).isEqualTo("loopback,down=100Mbit,up=100Mbit");
        assertThat(row.get("imageBytes").asLong()).isEqualTo(4096);
        assertThat(row.get("window").asText()).isEqualTo("2");
        assertThat(row.get("seconds").isNumber()).isTrue();
        assertThat(row.get("limitSeconds").isNumber()).isTrue();
        assertThat(row.get("ratio").asDouble()).isEqualTo(row.get("seconds").asDouble()
                / row.get("limitSeconds").asDouble());
        assertThat(row.get("samples")).hasSize(1);
        assertThat(out.toString()).contains("scenario", "download", "loopback");
        try (var files = Files.list(plots)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder(
                    "progress-loopback,down=100Mbit,up=100Mbit-4KiB.png", "ratio-4KiB.png");
        }
    }
}
