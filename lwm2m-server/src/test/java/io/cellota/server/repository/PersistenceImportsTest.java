package io.cellota.server.repository;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.testkit.SourceImports;
import io.cellota.firmware.testkit.SourceImports.Import;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The persistence packages stay below the protocol: {@code server.store} knows no feature package, and
 * neither it nor {@code server.repository} speaks LwM2M, CoAP or HTTP. JDBC pools and migrations are
 * reached only through {@code server.store}.
 */
class PersistenceImportsTest {

    private static final String STORE = "io.cellota.server.store";
    private static final String REPOSITORY = "io.cellota.server.repository";

    private static List<Import> importsOf(String pkg) {
        return SourceImports.ofMainSources().stream().filter(i -> i.packageName().equals(pkg)).toList();
    }

    @Test
    void the_store_imports_no_other_server_package() {
        assertThat(importsOf(STORE)).isNotEmpty()
                .noneMatch(i -> i.imported().startsWith("io.cellota.") && !i.imported().startsWith(STORE));
    }

    @Test
    void neither_package_speaks_a_protocol() {
        assertThat(importsOf(STORE)).noneMatch(PersistenceImportsTest::isProtocol);
        assertThat(importsOf(REPOSITORY)).isNotEmpty().noneMatch(PersistenceImportsTest::isProtocol);
    }

    @Test
    void only_the_store_touches_the_pool_and_the_migrations() {
        assertThat(importsOf(REPOSITORY)).noneMatch(i -> i.imported().startsWith("com.zaxxer")
                || i.imported().startsWith("org.flywaydb") || i.imported().startsWith("org.h2")
                || i.imported().startsWith("org.postgresql"));
    }

    private static boolean isProtocol(Import i) {
        return i.imported().startsWith("org.eclipse.leshan") || i.imported().startsWith("org.eclipse.californium")
                || i.imported().startsWith("io.javalin") || i.imported().startsWith("io.cellota.device");
    }
}
