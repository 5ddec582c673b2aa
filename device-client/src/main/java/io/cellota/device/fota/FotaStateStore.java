package io.cellota.device.fota;

import java.io.IOException;
import java.util.Optional;

/** Durable storage of a device's {@link FotaState}: a save is complete or not done at all. */
public interface FotaStateStore {

    Optional<FotaState> load() throws IOException;

    void save(FotaState state) throws IOException;
}
