package io.cellota.device.download;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link ProgressStore} in memory for tests, which remembers every save. Thread-safe. */
public final class MemoryProgressStore implements ProgressStore {

    private final List<DownloadProgress> saves = new ArrayList<>();
    private DownloadProgress current;

    @Override
    public synchronized Optional<DownloadProgress> load() {
        return Optional.ofNullable(current);
    }

    @Override
    public synchronized void save(DownloadProgress progress) {
        current = progress;
        saves.add(progress);
    }

    @Override
    public synchronized void clear() {
        current = null;
    }

    public synchronized List<DownloadProgress> saves() {
        return List.copyOf(saves);
    }
}
