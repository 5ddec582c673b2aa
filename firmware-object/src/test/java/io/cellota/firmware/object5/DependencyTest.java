package io.cellota.firmware.object5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Object 5 model stays pure: no network library and nothing outside the JDK. */
class DependencyTest {

    private static final Path SOURCES = Path.of("src/main/java/io/cellota/firmware/object5");

    @Test
    void the_object5_model_imports_only_the_jdk_and_itself() throws IOException {
        List<String> imports;
        try (Stream<Path> files = Files.list(SOURCES)) {
            imports = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(DependencyTest::lines)
                    .filter(line -> line.startsWith("import "))
                    .toList();
        }

        assertThat(imports).isNotEmpty().allSatisfy(line -> assertThat(line).matches(
                "import (static )?(java\\.|io\\.cellota\\.firmware\\.object5\\.).*;"));
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new IllegalStateException(file.toString(), e);
        }
    }
}
