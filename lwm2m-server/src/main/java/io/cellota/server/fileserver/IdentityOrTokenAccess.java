package io.cellota.server.fileserver;

import io.cellota.server.fileserver.AccessDecision.Allowed;
import io.cellota.server.fileserver.AccessDecision.Denial;
import io.cellota.server.fileserver.AccessDecision.Denied;
import io.cellota.server.fileserver.TokenCheck.Invalid;
import io.cellota.server.fileserver.TokenCheck.Valid;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The standard access rule: first find out which device asks, then whether it has an active update for the
 * package.
 * <ul>
 *   <li>CoAPs: the DTLS identity, mapped to an endpoint by {@link DeviceIdentities}; a token in the URI is
 *       ignored.</li>
 *   <li>CoAP, HTTP, HTTPS: the token from the URI, verified by {@link DownloadTokens}; it names the endpoint it
 *       was issued to.</li>
 *   <li>Then, in both cases: {@link DownloadGrants#allows} for that endpoint and package, so ending or
 *       cancelling an update closes the door at once, even for tokens that have not expired.</li>
 * </ul>
 */
public final class IdentityOrTokenAccess implements DownloadAccess {

    private final DownloadTokens tokens;
    private final DeviceIdentities identities;
    private final DownloadGrants grants;

    public IdentityOrTokenAccess(DownloadTokens tokens, DeviceIdentities identities, DownloadGrants grants) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.identities = Objects.requireNonNull(identities, "identities");
        this.grants = Objects.requireNonNull(grants, "grants");
    }

    @Override
    public AccessDecision decide(String packageId, Credentials credentials, Instant now) {
        if (credentials instanceof Credentials.Peer peer) {
            Optional<String> endpoint = identities.endpoint(peer.identity());
            if (endpoint.isEmpty()) {
                return new Denied(Denial.UNKNOWN_IDENTITY, "no device authenticates as " + describe(peer.identity()));
            }
            return granted(endpoint.get(), packageId, now);
        }
        if (credentials instanceof Credentials.Token token) {
            TokenCheck check = tokens.verify(token.value(), packageId, now);
            if (check instanceof Invalid invalid) {
                return new Denied(denial(invalid.failure()), invalid.detail());
            }
            return granted(((Valid) check).endpoint(), packageId, now);
        }
        return new Denied(Denial.NO_CREDENTIALS, "neither a DTLS identity nor a token");
    }

    private AccessDecision granted(String endpoint, String packageId, Instant now) {
        return grants.allows(endpoint, packageId, now) ? new Allowed(endpoint)
                : new Denied(Denial.NOT_GRANTED, endpoint + " has no active update for this package");
    }

    private static Denial denial(TokenCheck.Failure failure) {
        return switch (failure) {
            case MALFORMED -> Denial.TOKEN_MALFORMED;
            case WRONG_PACKAGE -> Denial.TOKEN_WRONG_PACKAGE;
            case BAD_MAC -> Denial.TOKEN_BAD_MAC;
            case EXPIRED -> Denial.TOKEN_EXPIRED;
        };
    }

    private static String describe(PeerIdentity identity) {
        if (identity instanceof PeerIdentity.Psk psk) {
            return "PSK identity '" + psk.identity() + "'";
        }
        if (identity instanceof PeerIdentity.RawPublicKey rpk) {
            return "a raw " + rpk.key().getAlgorithm() + " public key";
        }
        if (identity instanceof PeerIdentity.X509 x509) {
            return "certificate CN '" + x509.commonName() + "'";
        }
        return "principal " + ((PeerIdentity.Other) identity).name();
    }
}
