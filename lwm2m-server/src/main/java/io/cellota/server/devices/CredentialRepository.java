package io.cellota.server.devices;

import java.util.List;
import java.util.Optional;

/** Device credentials, durable; the DTLS handshake looks devices up here by identity or key. */
public interface CredentialRepository {

    Optional<DeviceCredential> byEndpoint(String endpoint);

    Optional<DeviceCredential.Psk> byPskIdentity(String identity);

    /**
     * Adds or replaces the device's credential.
     *
     * @throws CredentialConflictException when another device already uses the PSK identity
     */
    void put(DeviceCredential credential) throws CredentialConflictException;

    /** Removes the device's credential; false when it had none. */
    boolean remove(String endpoint);

    /** One page of credentials, by endpoint name. */
    List<DeviceCredential> list(int offset, int limit);
}
