package io.cellota.device.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.testkit.SourceImports;
import io.cellota.firmware.testkit.SourceImports.Import;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Leshan stays in the LwM2M adapter, Californium where CoAP is spoken; the update logic knows neither. */
class DeviceArchitectureTest {

    private static final List<Import> IMPORTS = SourceImports.ofMainSources();

    @Test
    void there_are_sources_to_check() {
        assertThat(IMPORTS).hasSizeGreaterThan(200);
    }

    @Test
    void leshan_is_imported_only_by_the_lwm2m_adapter() {
        assertThat(IMPORTS).filteredOn(i -> i.imported().startsWith("org.eclipse.leshan"))
                .isNotEmpty()
                .allMatch(i -> i.packageName().equals("io.cellota.device.lwm2m"), "in io.cellota.device.lwm2m");
    }

    @Test
    void californium_is_imported_only_where_coap_is_spoken() {
        assertThat(IMPORTS).filteredOn(i -> i.imported().startsWith("org.eclipse.californium"))
                .isNotEmpty()
                .allMatch(i -> i.packageName().equals("io.cellota.device.lwm2m")
                        || i.packageName().equals("io.cellota.device.download"), "in lwm2m or download");
    }

    @Test
    void the_update_logic_flash_boot_and_radio_know_no_network_stack() {
        assertThat(IMPORTS).filteredOn(i -> i.packageName().matches("io\\.cellota\\.device\\.(fota|flash|boot|radio)"))
                .isNotEmpty()
                .noneMatch(i -> i.imported().startsWith("org.eclipse."))
                .noneMatch(i -> i.imported().startsWith("io.cellota.device.lwm2m"))
                .noneMatch(i -> i.imported().startsWith("io.cellota.device.sim"));
    }
}
