package io.cellota.server.lwm2m;

import io.cellota.server.devices.CredentialRepository;
import io.cellota.server.devices.DeviceCredential;
import org.eclipse.leshan.core.peer.OscoreIdentity;
import org.eclipse.leshan.server.security.SecurityInfo;
import org.eclipse.leshan.server.security.SecurityStore;

/** Leshan's view of our credential repository: what the DTLS handshake and the registration check consult. */
final class RepositorySecurityStore implements SecurityStore {

    private final CredentialRepository credentials;

    RepositorySecurityStore(CredentialRepository credentials) {
        this.credentials = credentials;
    }

    @Override
    public SecurityInfo getByEndpoint(String endpoint) {
        return credentials.byEndpoint(endpoint).map(RepositorySecurityStore::toLeshan).orElse(null);
    }

    @Override
    public SecurityInfo getByIdentity(String pskIdentity) {
        return credentials.byPskIdentity(pskIdentity).map(RepositorySecurityStore::toLeshan).orElse(null);
    }

    @Override
    public SecurityInfo getByOscoreIdentity(OscoreIdentity oscoreIdentity) {
        return null;
    }

    static SecurityInfo toLeshan(DeviceCredential c) {
        if (c instanceof DeviceCredential.Psk p) {
            return SecurityInfo.newPreSharedKeyInfo(p.endpoint(), p.identity(), p.key());
        }
        if (c instanceof DeviceCredential.Rpk r) {
            return SecurityInfo.newRawPublicKeyInfo(r.endpoint(), r.publicKey());
        }
        return SecurityInfo.newX509CertInfo(c.endpoint());
    }
}
