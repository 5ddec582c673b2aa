package io.cellota.firmware.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The import lines of a module's main sources, per file, for architecture tests. */
public final class SourceImports {

    /** One import of one source file. */
    public record Import(Path file, String packageName, String imported) {
    }

    private SourceImports() {
    }

    /** Every import under {@code src/main/java} of the module the test runs in. */
    public static List<Import> ofMainSources() {
        Path root = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java")).flatMap(SourceImports::imports).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Import> imports(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            String pkg = lines.stream().map(String::strip).filter(l -> l.startsWith("package "))
                    .map(l -> l.substring(8, l.length() - 1)).findFirst().orElse("");
            return lines.stream().map(String::strip).filter(l -> l.startsWith("import "))
                    .map(l -> l.replace("import static ", "").replace("import ", "").replace(";", ""))
                    .map(i -> new Import(file, pkg, i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
