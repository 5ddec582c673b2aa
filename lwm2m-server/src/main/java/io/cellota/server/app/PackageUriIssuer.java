package io.cellota.server.app;

import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.server.devices.CredentialRepository;
import io.cellota.server.fileserver.DownloadToken;
import io.cellota.server.fileserver.DownloadTokens;
import io.cellota.server.fileserver.MemoryDownloadGrants;
import io.cellota.server.fileserver.PackageUris;
import io.cellota.server.fileserver.Transport;
import io.cellota.server.update.DeviceUpdate;
import io.cellota.server.update.UriIssuer;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Package URIs for the update engine: each URI comes with a download grant for the device and package until the
 * token expires; CoAP and HTTP URIs carry the token, CoAPs ones rely on the DTLS identity, so CoAPs is offered
 * only to a device with a credential. The addresses are read when a URI is made, since ephemeral ports are only
 * known once the endpoints listen.
 */
final class PackageUriIssuer implements UriIssuer {

    private final DownloadTokens tokens;
    private final Supplier<PackageUris> uris;
    private final MemoryDownloadGrants grants;
    private final CredentialRepository credentials;
    private final Clock clock;

    PackageUriIssuer(DownloadTokens tokens, Supplier<PackageUris> uris, MemoryDownloadGrants grants,
                     CredentialRepository credentials, Clock clock) {
        this.tokens = tokens;
        this.uris = uris;
        this.grants = grants;
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public Set<ProtocolSupport> protocols(String endpoint) {
        Set<ProtocolSupport> offered = EnumSet.of(ProtocolSupport.COAP);
        if (credentials.byEndpoint(endpoint).isPresent()) {
            offered.add(ProtocolSupport.COAPS);
        }
        PackageUris current = uris.get();
        if (current.httpPort() > 0) {
            offered.add(ProtocolSupport.HTTP);
        }
        if (current.httpsPort() > 0) {
            offered.add(ProtocolSupport.HTTPS);
        }
        return offered;
    }

    /**
     * Grants again what the active updates were granted before a restart (grants live in memory): every device
     * with an active update may fetch its package until a token issued now would expire.
     */
    void regrant(Collection<DeviceUpdate> active) {
        Instant until = clock.instant().plus(tokens.lifetime());
        for (DeviceUpdate u : active) {
            grants.grant(u.endpoint(), u.target().packageId(), until);
        }
    }

    @Override
    public String packageUri(String endpoint, String packageId, ProtocolSupport protocol) {
        Instant now = clock.instant();
        DownloadToken token = tokens.issue(packageId, endpoint, now);
        grants.grant(endpoint, packageId, now.plus(tokens.lifetime()));
        return uris.get().uri(Transport.ofScheme(protocol.scheme()), packageId, token).toString();
    }
}
