package io.cellota.device.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Californium is spoken only by the CoAP implementation of this package, Leshan nowhere: the contracts, the
 * pacing logic and the HTTP downloader stay free of both.
 */
class DownloadPackageImportsTest {

    private static final Path SOURCES = Path.of("src/main/java/io/cellota/device/download");
    private static final List<String> COAP_CLASSES = List.of("BlockAnswer", "BlockExchange", "BlockObserver",
            "CoapDownloadEndpoints", "CoapDownloadSession", "CoapDownloader", "InFlight");

    @Test
    void only_the_coap_classes_import_californium_and_none_imports_leshan() throws IOException {
        Map<String, List<String>> importsByClass;
        try (Stream<Path> files = Files.list(SOURCES)) {
            importsByClass = files.filter(file -> file.toString().endsWith(".java"))
                    .collect(Collectors.toMap(file -> file.getFileName().toString().replace(".java", ""),
                            DownloadPackageImportsTest::imports));
        }

        assertThat(importsByClass).containsKeys(COAP_CLASSES.toArray(String[]::new));
        importsByClass.forEach((name, imports) -> {
            assertThat(imports).as(name).noneMatch(line -> line.contains("org.eclipse.leshan"));
            if (!COAP_CLASSES.contains(name)) {
                assertThat(imports).as(name).noneMatch(line -> line.contains("org.eclipse.californium"));
            }
        });
    }

    @Test
    void no_class_reaches_californiums_file_backed_configuration() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            assertThat(files.filter(file -> file.toString().endsWith(".java"))
                    .flatMap(file -> lines(file).stream())).noneMatch(line -> line.contains("getStandard()")
                            || line.contains("new CoapClient(") || line.contains("new CoapServer()"));
        }
    }

    private static List<String> imports(Path file) {
        return lines(file).stream().filter(line -> line.startsWith("import ")).toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
