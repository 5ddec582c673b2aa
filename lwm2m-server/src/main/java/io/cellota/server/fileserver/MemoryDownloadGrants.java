package io.cellota.server.fileserver;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Grants held in memory, driven by the update engine: {@link #grant} when it writes a Package URI (or starts a
 * push), {@link #revoke} when the update ends, fails or is cancelled. A grant also lapses at its own deadline,
 * a safety net should the engine never revoke it. Thread-safe; lost on restart (the engine re-grants the
 * updates it resumes).
 */
public final class MemoryDownloadGrants implements DownloadGrants {

    private record Key(String endpoint, String packageId) {
    }

    private final Map<Key, Instant> grants = new ConcurrentHashMap<>();

    /** Lets {@code endpoint} fetch {@code packageId} until {@code until} (exclusive); replaces an earlier grant. */
    public void grant(String endpoint, String packageId, Instant until) {
        grants.put(new Key(Objects.requireNonNull(endpoint, "endpoint"), Objects.requireNonNull(packageId, "packageId")),
                Objects.requireNonNull(until, "until"));
    }

    /** Ends the grant of {@code packageId} to {@code endpoint}, if any. */
    public void revoke(String endpoint, String packageId) {
        grants.remove(new Key(endpoint, packageId));
    }

    /** Ends every grant of {@code endpoint}. */
    public void revokeAll(String endpoint) {
        grants.keySet().removeIf(key -> key.endpoint().equals(endpoint));
    }

    /** Forgets grants whose deadline has passed at {@code now}; returns how many. */
    public int purge(Instant now) {
        int before = grants.size();
        grants.values().removeIf(until -> !now.isBefore(until));
        return before - grants.size();
    }

    /** The number of grants held, lapsed ones included until {@link #purge}. */
    public int size() {
        return grants.size();
    }

    @Override
    public boolean allows(String endpoint, String packageId, Instant now) {
        Instant until = grants.get(new Key(endpoint, packageId));
        return until != null && now.isBefore(until);
    }
}
