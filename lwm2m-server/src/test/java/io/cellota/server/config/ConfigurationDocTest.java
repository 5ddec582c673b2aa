package io.cellota.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} is the list of settings an operator reads: every key the loader knows has its
 * row there, with the loader's default and environment variable, and the document names no key the loader
 * would refuse.
 */
class ConfigurationDocTest {

    private static final Path DOC = Path.of("../docs/configuration.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z.]+)` \\| (`([^`]*)` )?\\| `(CELLOTA_[A-Z_]+)` \\|",
            Pattern.MULTILINE);

    @Test
    void every_key_has_a_row_with_its_default_and_its_environment_variable_and_no_row_is_unknown() throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Matcher m = ROW.matcher(Files.readString(DOC));
        while (m.find()) {
            rows.put(m.group(1), List.of(m.group(3) == null ? "" : m.group(3), m.group(4)));
        }

        List<String> problems = new ArrayList<>();
        ServerConfigLoader.DEFAULTS.forEach((key, value) -> {
            List<String> row = rows.get(key);
            if (row == null) {
                problems.add(key + " has no row");
            } else if (!row.equals(List.of(value, ServerConfigLoader.environmentVariable(key)))) {
                problems.add(key + " documents " + row + ", the loader has default '" + value + "' and "
                        + ServerConfigLoader.environmentVariable(key));
            }
        });
        rows.keySet().stream().filter(k -> !ServerConfigLoader.DEFAULTS.containsKey(k))
                .forEach(k -> problems.add(k + " is documented but unknown to the loader"));

        assertThat(problems).isEmpty();
        assertThat(rows).hasSameSizeAs(ServerConfigLoader.DEFAULTS);
    }
}
