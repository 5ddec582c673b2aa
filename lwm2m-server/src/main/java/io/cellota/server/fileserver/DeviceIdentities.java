package io.cellota.server.fileserver;

import java.util.Optional;

/**
 * Which device endpoint a DTLS identity belongs to: the server's security store answers this (for Leshan,
 * {@code SecurityStore.getByIdentity(pskIdentity).getEndpoint()}, the registration of a raw public key, or the
 * certificate's common name). Implementations must not block for long: they run on delivery's I/O executor.
 */
@FunctionalInterface
public interface DeviceIdentities {

    /** The endpoint of the device that authenticates as {@code identity}, or empty when none does. */
    Optional<String> endpoint(PeerIdentity identity);
}
