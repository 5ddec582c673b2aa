package io.cellota.server.app;

import io.cellota.firmware.object5.ProtocolSupport;
import io.cellota.server.fileserver.DownloadToken;
import io.cellota.server.fileserver.DownloadTokens;
import io.cellota.server.fileserver.MemoryDownloadGrants;
import io.cellota.server.fileserver.PackageUris;
import io.cellota.server.fileserver.Transport;
import io.cellota.server.update.UriIssuer;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Package URIs for the update engine: each URI comes with a download grant for the device and package until the
 * token expires; CoAP and HTTP URIs carry the token, CoAPs ones rely on the DTLS identity.
 */
final class PackageUriIssuer implements UriIssuer {

    private final DownloadTokens tokens;
    private final PackageUris uris;
    private final MemoryDownloadGrants grants;
    private final Clock clock;

    PackageUriIssuer(DownloadTokens tokens, PackageUris uris, MemoryDownloadGrants grants, Clock clock) {
        this.tokens = tokens;
        this.uris = uris;
        this.grants = grants;
        this.clock = clock;
    }

    @Override
    public Set<ProtocolSupport> protocols() {
        Set<ProtocolSupport> offered = EnumSet.of(ProtocolSupport.COAP, ProtocolSupport.COAPS);
        if (uris.httpPort() > 0) {
            offered.add(ProtocolSupport.HTTP);
        }
        return offered;
    }

    @Override
    public String packageUri(String endpoint, String packageId, ProtocolSupport protocol) {
        Instant now = clock.instant();
        DownloadToken token = tokens.issue(packageId, endpoint, now);
        grants.grant(endpoint, packageId, now.plus(tokens.lifetime()));
        return uris.uri(Transport.ofScheme(protocol.scheme()), packageId, token).toString();
    }
}
