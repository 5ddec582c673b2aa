package io.cellota.server.devices;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Credentials in memory: for tests and for a server started without a database. */
public final class InMemoryCredentialRepository implements CredentialRepository {

    private final Map<String, DeviceCredential> byEndpoint = new ConcurrentSkipListMap<>();

    @Override
    public Optional<DeviceCredential> byEndpoint(String endpoint) {
        return Optional.ofNullable(byEndpoint.get(endpoint));
    }

    @Override
    public Optional<DeviceCredential.Psk> byPskIdentity(String identity) {
        return byEndpoint.values().stream().filter(c -> c instanceof DeviceCredential.Psk p && p.identity().equals(identity))
                .map(DeviceCredential.Psk.class::cast).findFirst();
    }

    @Override
    public synchronized void put(DeviceCredential credential) throws CredentialConflictException {
        if (credential instanceof DeviceCredential.Psk psk) {
            Optional<DeviceCredential.Psk> other = byPskIdentity(psk.identity());
            if (other.isPresent() && !other.get().endpoint().equals(psk.endpoint())) {
                throw new CredentialConflictException("PSK identity '" + psk.identity() + "' is already used by "
                        + other.get().endpoint());
            }
        }
        byEndpoint.put(credential.endpoint(), credential);
    }

    @Override
    public boolean remove(String endpoint) {
        return byEndpoint.remove(endpoint) != null;
    }

    @Override
    public List<DeviceCredential> list(int offset, int limit) {
        return byEndpoint.values().stream().skip(offset).limit(limit).toList();
    }
}
