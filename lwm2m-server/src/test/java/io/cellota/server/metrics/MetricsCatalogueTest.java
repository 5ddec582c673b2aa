package io.cellota.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.UpdateResult;
import io.cellota.server.devices.DeviceRegistry;
import io.cellota.server.fileserver.AccessDecision.Denial;
import io.cellota.server.fileserver.MicrometerDeliveryMetrics;
import io.cellota.server.fileserver.Transport;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.Failure;
import io.cellota.server.update.PackageFacts;
import io.cellota.server.update.UpdateEvent;
import io.cellota.server.update.UpdateId;
import io.cellota.server.update.UpdatePhase;
import io.cellota.server.update.UpdateRequest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/metrics.md} is the catalogue of Cellota's own metrics: every {@code cellota_} metric the server
 * registers is there with its Prometheus type and labels, and every one there exists.
 */
class MetricsCatalogueTest {

    private static final Path CATALOGUE = Path.of("../docs/metrics.md");
    private static final Pattern ROW = Pattern.compile("^\\| `(cellota_[a-z_]+)` \\| (\\w+) \\|([^|]*)\\|");
    private static final Pattern TYPE = Pattern.compile("^# TYPE (cellota_[a-z_]+) (\\w+)$");
    private static final Pattern SAMPLE = Pattern.compile("^(cellota_[a-z_]+)(?:\\{(.*)})? .*$");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)=\"");
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @AfterEach
    void close() {
        meters.close();
    }

    /** One metric as Prometheus sees it: its type and label names. */
    private record Family(String type, Set<String> labels) {
    }

    @Test
    void every_cellota_metric_is_documented_with_its_type_and_labels_and_nothing_else_is() throws IOException {
        registerEverything();

        assertThat(documented()).isNotEmpty().isEqualTo(scraped());
    }

    /** The server's meters, with the series that appear only on their first event made to appear. */
    private void registerEverything() {
        new DeviceMetrics(meters, new DeviceRegistry());
        new MicrometerDeliveryMetrics(meters).denied(Transport.HTTP, Denial.TOKEN_EXPIRED);
        UpdateMetrics updates = new UpdateMetrics(meters);
        DeviceUpdate u = DeviceUpdate.queued(UpdateId.random(), UpdateRequest.of("dev-1",
                new PackageFacts("pkg-1", "1.1.0", 1_000, "mcuboot")), NOW);
        updates.onTransition(u, new UpdateEvent(u.id(), NOW, Optional.empty(), UpdatePhase.QUEUED, "requested"));
        DeviceUpdate failed = u.finished(UpdatePhase.FAILED, Optional.of(Failure.device(UpdateResult.INVALID_URI)),
                NOW);
        updates.onTransition(failed, new UpdateEvent(u.id(), NOW, Optional.of(UpdatePhase.QUEUED), UpdatePhase.FAILED,
                "failed"));
    }

    private static Map<String, Family> documented() throws IOException {
        Map<String, Family> families = new TreeMap<>();
        for (String line : Files.readAllLines(CATALOGUE)) {
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                Set<String> labels = new TreeSet<>();
                Arrays.stream(row.group(3).split(",")).map(s -> s.strip().replace("`", ""))
                        .filter(s -> !s.isEmpty()).forEach(labels::add);
                families.put(row.group(1), new Family(row.group(2), labels));
            }
        }
        return families;
    }

    private Map<String, Family> scraped() {
        Map<String, String> types = new TreeMap<>();
        Map<String, Set<String>> labels = new TreeMap<>();
        for (String line : meters.scrape(MetricsRoutes.CONTENT_TYPE).lines().toList()) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
            }
            Matcher sample = SAMPLE.matcher(line);
            if (sample.matches()) {
                Set<String> names = labels.computeIfAbsent(sample.group(1), n -> new TreeSet<>());
                Matcher label = LABEL.matcher(sample.group(2) == null ? "" : sample.group(2));
                while (label.find()) {
                    names.add(label.group(1));
                }
            }
        }
        Map<String, Family> families = new TreeMap<>();
        types.forEach((name, type) -> families.put(name, new Family(type, labels.getOrDefault(name, Set.of()))));
        return families;
    }
}
