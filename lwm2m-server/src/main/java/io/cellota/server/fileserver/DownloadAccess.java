package io.cellota.server.fileserver;

import java.time.Instant;

/**
 * The one decision guarding every download, over every transport: may whoever presents {@code credentials}
 * fetch {@code packageId} at {@code now}? Pluggable; {@link IdentityOrTokenAccess} is the standard rule.
 * Called on delivery's I/O threads, before the package is looked up (so a refused client cannot probe which
 * packages exist).
 */
@FunctionalInterface
public interface DownloadAccess {

    AccessDecision decide(String packageId, Credentials credentials, Instant now);
}
