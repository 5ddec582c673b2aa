package io.cellota.server.fileserver;

import java.time.Instant;

/**
 * Whether a device has an active update for a package: the one question every download must answer yes to.
 * The update engine answers it (see {@link MemoryDownloadGrants} for one it can drive).
 */
@FunctionalInterface
public interface DownloadGrants {

    /** Whether {@code endpoint} may fetch {@code packageId} at {@code now}. */
    boolean allows(String endpoint, String packageId, Instant now);
}
