package io.cellota.server.app;

import io.cellota.server.devices.CredentialRepository;
import io.cellota.server.devices.DeviceCredential;
import io.cellota.server.fileserver.DeviceIdentities;
import io.cellota.server.fileserver.PeerIdentity;
import java.util.Arrays;
import java.util.Optional;

/** Which device a DTLS peer is, from the credentials: PSK identity, raw public key, or certificate CN. */
final class CredentialIdentities implements DeviceIdentities {

    private final CredentialRepository credentials;

    CredentialIdentities(CredentialRepository credentials) {
        this.credentials = credentials;
    }

    @Override
    public Optional<String> endpoint(PeerIdentity identity) {
        if (identity instanceof PeerIdentity.Psk psk) {
            return credentials.byPskIdentity(psk.identity()).map(DeviceCredential::endpoint);
        }
        if (identity instanceof PeerIdentity.X509 cert) {
            return credentials.byEndpoint(cert.commonName()).filter(c -> c instanceof DeviceCredential.X509)
                    .map(DeviceCredential::endpoint);
        }
        if (identity instanceof PeerIdentity.RawPublicKey rpk) {
            byte[] key = rpk.key().getEncoded();
            for (int offset = 0; ; offset += 500) {
                var page = credentials.list(offset, 500);
                if (page.isEmpty()) {
                    return Optional.empty();
                }
                Optional<String> found = page.stream().filter(c -> c instanceof DeviceCredential.Rpk r
                        && Arrays.equals(r.publicKey().getEncoded(), key)).map(DeviceCredential::endpoint).findFirst();
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
