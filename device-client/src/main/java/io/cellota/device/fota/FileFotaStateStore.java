package io.cellota.device.fota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cellota.firmware.object5.FirmwareUpdateStatus;
import io.cellota.firmware.object5.UpdateResult;
import io.cellota.firmware.object5.UpdateState;
import io.cellota.firmware.storage.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link FotaStateStore} in one small JSON file of the device's state directory, replaced atomically. A file
 * that cannot be read back (edited, truncated by a foreign tool) is an error, never silently a fresh state.
 */
public final class FileFotaStateStore implements FotaStateStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public FileFotaStateStore(Path file) {
        this.file = file;
    }

    @Override
    public Optional<FotaState> load() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(bytes);
            UpdateState state = UpdateState.fromCode(n.required("state").asLong(-1))
                    .orElseThrow(() -> new IOException(file + ": unknown state"));
            UpdateResult result = UpdateResult.fromCode(n.required("result").asLong(-1))
                    .orElseThrow(() -> new IOException(file + ": unknown update result"));
            return Optional.of(new FotaState(new FirmwareUpdateStatus(state, result), text(n, "packageUri"),
                    text(n, "packageName"), text(n, "packageVersion"), text(n, "targetVersion"),
                    Instant.parse(n.required("lastStateChange").asText())));
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + " is not a readable firmware update state: " + e.getMessage(), e);
        }
    }

    private static Optional<String> text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    @Override
    public void save(FotaState s) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        n.put("state", s.status().state().code());
        n.put("result", s.status().result().code());
        s.packageUri().ifPresent(v -> n.put("packageUri", v));
        s.packageName().ifPresent(v -> n.put("packageName", v));
        s.packageVersion().ifPresent(v -> n.put("packageVersion", v));
        s.targetVersion().ifPresent(v -> n.put("targetVersion", v));
        n.put("lastStateChange", s.lastStateChange().toString());
        AtomicFile.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
    }
}
