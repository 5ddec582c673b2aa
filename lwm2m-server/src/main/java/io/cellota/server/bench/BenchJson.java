package io.cellota.server.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cellota.firmware.storage.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --json FILE}: the results as a JSON array of {@link BenchRow} objects, fields in the record's order,
 * {@code null} for what does not apply; written atomically so a reader never sees half a file.
 */
final class BenchJson {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchJson() {
    }

    static String text(List<BenchRow> rows) throws IOException {
        return JSON.writeValueAsString(rows);
    }

    static void write(Path file, List<BenchRow> rows) throws IOException {
        AtomicFile.write(file.toAbsolutePath(), JSON.writeValueAsBytes(rows));
    }
}
