package io.cellota.server.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The campaign engine stays pure: no Leshan, no Californium, no JDBC, no JSON; only the JDK, SLF4J, the Object 5
 * model, the update engine's values and the tag rule.
 */
class CampaignDependencyTest {

    private static final Path SOURCES = Path.of("src/main/java/io/cellota/server/campaign");

    @Test
    void the_campaign_engine_imports_only_the_jdk_slf4j_object5_and_the_update_engines_values() throws IOException {
        List<String> imports;
        try (Stream<Path> files = Files.list(SOURCES)) {
            imports = files.filter(f -> f.toString().endsWith(".java"))
                    .flatMap(CampaignDependencyTest::lines)
                    .filter(line -> line.startsWith("import "))
                    .toList();
        }

        assertThat(imports).isNotEmpty().allSatisfy(line -> assertThat(line).matches(
                "import (static )?(java\\.(lang|time|util)\\.|org\\.slf4j\\.|io\\.cellota\\.firmware\\.object5\\."
                        + "|io\\.cellota\\.server\\.update\\.|io\\.cellota\\.server\\.devices\\.DeviceTags"
                        + "|io\\.cellota\\.server\\.campaign\\.).*;"));
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
