package io.cellota.device.download;

import java.io.IOException;
import java.util.Optional;

/** Durable storage of a device's {@link DownloadProgress} (its state directory, in the simulator). */
public interface ProgressStore {

    Optional<DownloadProgress> load() throws IOException;

    /** Persists {@code progress} atomically: after a crash, either the old or the new value is read back. */
    void save(DownloadProgress progress) throws IOException;

    void clear() throws IOException;
}
