package io.cellota.device.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The link emulation is plain JDK networking: it must not lean on the CoAP or LwM2M stacks it carries. */
class LinkPackageImportsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/cellota/device/link");

    @Test
    void the_link_package_imports_neither_californium_nor_leshan() throws IOException {
        List<String> imports;
        try (Stream<Path> files = Files.list(SOURCES)) {
            imports = files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(LinkPackageImportsTest::lines)
                    .filter(line -> line.startsWith("import "))
                    .toList();
        }

        assertThat(imports).isNotEmpty()
                .noneMatch(line -> line.contains("org.eclipse.californium"))
                .noneMatch(line -> line.contains("org.eclipse.leshan"));
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
