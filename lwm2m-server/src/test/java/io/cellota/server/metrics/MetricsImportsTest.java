package io.cellota.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.testkit.SourceImports;
import io.cellota.firmware.testkit.SourceImports.Import;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The metrics are fed by plain calls: the package speaks neither LwM2M nor CoAP, knows neither the LwM2M
 * adapter nor the device simulator, and never reads the database.
 */
class MetricsImportsTest {

    private static List<Import> imports() {
        return SourceImports.ofMainSources().stream()
                .filter(i -> i.packageName().equals("io.cellota.server.metrics")).toList();
    }

    @Test
    void metrics_import_no_protocol_stack_no_adapter_and_no_database() {
        assertThat(imports()).isNotEmpty().noneMatch(i -> i.imported().startsWith("org.eclipse.leshan")
                || i.imported().startsWith("org.eclipse.californium") || i.imported().startsWith("io.cellota.device")
                || i.imported().startsWith("io.cellota.server.lwm2m")
                || i.imported().startsWith("io.cellota.server.store")
                || i.imported().startsWith("io.cellota.server.update.jdbc") || i.imported().startsWith("java.sql"));
    }
}
