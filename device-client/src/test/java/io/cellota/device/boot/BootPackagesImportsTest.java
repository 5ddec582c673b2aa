package io.cellota.device.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The flash and the bootloader are the device's hardware and firmware: no network stack belongs in them. */
class BootPackagesImportsTest {

    private static final List<Path> SOURCES = List.of(
            Path.of("src/main/java/io/cellota/device/boot"), Path.of("src/main/java/io/cellota/device/flash"));

    @Test
    void flash_and_boot_import_neither_californium_nor_leshan_nor_any_networking() throws IOException {
        List<String> imports = SOURCES.stream()
                .flatMap(BootPackagesImportsTest::javaFiles)
                .flatMap(BootPackagesImportsTest::lines)
                .filter(line -> line.startsWith("import "))
                .toList();

        assertThat(imports).isNotEmpty()
                .noneMatch(line -> line.contains("org.eclipse.californium"))
                .noneMatch(line -> line.contains("org.eclipse.leshan"))
                .noneMatch(line -> line.contains("java.net."));
    }

    private static Stream<Path> javaFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
