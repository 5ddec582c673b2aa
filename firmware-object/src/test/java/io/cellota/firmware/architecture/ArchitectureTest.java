package io.cellota.firmware.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.testkit.SourceImports;
import io.cellota.firmware.testkit.SourceImports.Import;
import java.util.List;
import org.junit.jupiter.api.Test;

/** firmware-object is format and model only: no network, no LwM2M or CoAP stack. */
class ArchitectureTest {

    private static final List<Import> IMPORTS = SourceImports.ofMainSources();

    @Test
    void the_module_has_sources_to_check() {
        assertThat(IMPORTS).hasSizeGreaterThan(50);
    }

    @Test
    void no_network_library_is_imported() {
        assertThat(IMPORTS).noneMatch(i -> i.imported().startsWith("org.eclipse."))
                .noneMatch(i -> i.imported().startsWith("java.net."))
                .noneMatch(i -> i.imported().startsWith("io.javalin"));
    }

    @Test
    void the_object5_model_uses_the_jdk_only() {
        assertThat(IMPORTS.stream().filter(i -> i.packageName().endsWith(".object5")))
                .isNotEmpty()
                .allMatch(i -> i.imported().startsWith("java.") || i.imported().startsWith("io.cellota.firmware.object5"));
    }

    @Test
    void the_command_line_stays_in_the_tool_package() {
        assertThat(IMPORTS).filteredOn(i -> i.imported().startsWith("picocli"))
                .allMatch(i -> i.packageName().equals("io.cellota.firmware.tool"));
    }
}
