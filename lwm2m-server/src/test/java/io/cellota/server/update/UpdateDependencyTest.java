package io.cellota.server.update;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The update engine stays pure: no Leshan, no Californium, no JDBC; only the JDK, SLF4J and the Object 5 model. */
class UpdateDependencyTest {

    private static final Path SOURCES = Path.of("src/main/java/io/cellota/server/update");

    @Test
    void the_update_engine_imports_only_the_jdk_slf4j_and_the_object5_model() throws IOException {
        List<String> imports;
        try (Stream<Path> files = Files.list(SOURCES)) {
            imports = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(UpdateDependencyTest::lines)
                    .filter(line -> line.startsWith("import "))
                    .toList();
        }

        assertThat(imports).isNotEmpty().allSatisfy(line -> assertThat(line).matches(
                "import (static )?(java\\.(lang|time|util|nio\\.charset)\\.|org\\.slf4j\\.|io\\.cellota\\.firmware\\.object5\\."
                        + "|io\\.cellota\\.server\\.update\\.).*;"));
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
