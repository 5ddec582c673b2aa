package io.cellota.server.fileserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Delivery speaks CoAP (Californium) and HTTP (Javalin, Jetty), but knows nothing of Leshan, of the device
 * simulator, or of the server's other features except the repository's package-file contract.
 */
class FileServerImportsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/cellota/server/fileserver");

    @Test
    void delivery_imports_neither_leshan_nor_the_device_nor_other_server_features() throws IOException {
        List<String> imports;
        try (Stream<Path> files = Files.list(SOURCES)) {
            imports = files.filter(path -> path.toString().endsWith(".java")).flatMap(FileServerImportsTest::lines)
                    .filter(line -> line.startsWith("import ")).toList();
        }

        assertThat(imports).isNotEmpty().noneMatch(line -> line.contains("org.eclipse.leshan"))
                .noneMatch(line -> line.contains("io.cellota.device"))
                .allMatch(line -> !line.contains("io.cellota.server.") || line.contains("io.cellota.server.fileserver.")
                        || line.contains("io.cellota.server.repository.PackageFile"));
    }

    private static Stream<String> lines(Path path) {
        try {
            return Files.readAllLines(path).stream();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
