package io.cellota.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellota.server.cli.CellotaCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cellota bench --scenario campaign} end to end on a tiny fleet: the server in its second JVM, four devices
 * over an unimpaired 100 Mbit/s link, a campaign with a cap of two. Every device must be updated, and the rows
 * must have the documented shape; timing is printed by the bench, never asserted here.
 */
class CampaignBenchIT {

    @Test
    void a_campaign_over_a_tiny_fleet_updates_every_device_and_gives_its_rows(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("bench.json");
        CommandLine line = CellotaCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));

        int exit = line.execute("bench", "--scenario", "campaign", "--campaign-devices", "4", "--campaign-concurrent",
                "2", "--campaign-profile", "loopback,down=100Mbit,up=100Mbit", "--campaign-size", "8KiB", "--json",
                json.toString(), "--plots", dir.resolve("plots").toString(), "--work", dir.resolve("work").toString());

        assertThat(exit).as(err.toString()).isZero();
        List<JsonNode> rows = new ArrayList<>();
        BenchJson.JSON.readTree(Files.readString(json)).forEach(rows::add);
        assertThat(rows).allSatisfy(row -> {
            assertThat(BenchOutputTest.REQUIRED).allSatisfy(field -> assertThat(row.has(field)).as(field).isTrue());
            assertThat(row.get("scenario").asText()).isEqualTo("campaign");
        });
        JsonNode time = row(rows, "campaign time");
        assertThat(time.get("seconds").isNumber()).isTrue();
        assertThat(time.get("limitSeconds").asDouble()).as("two rounds of one download").isPositive();
        assertThat(time.get("note").asText()).contains("FINISHED", "4 succeeded", "maxConcurrent 2");
        assertThat(row(rows, "devices succeeded").get("value").asInt()).isEqualTo(4);
        assertThat(row(rows, "devices succeeded").get("note").asText()).contains("4 devices report 1.1.0");
        assertThat(row(rows, "peak server heap after GC").get("value").asDouble()).isPositive();
        assertThat(rows).anySatisfy(r -> assertThat(r.get("metric").asText()).isEqualTo("update phase DOWNLOADING"));
        assertThat(dir.resolve("plots").resolve("campaign-loopback,down=100Mbit,up=100Mbit-4.png")).isRegularFile();
    }

    private static JsonNode row(List<JsonNode> rows, String metric) {
        return rows.stream().filter(r -> r.get("metric").asText().equals(metric)).findFirst().orElseThrow(
                () -> new AssertionError("no row " + metric + " in " + rows));
    }
}
