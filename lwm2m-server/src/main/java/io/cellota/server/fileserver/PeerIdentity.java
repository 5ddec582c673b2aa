package io.cellota.server.fileserver;

import java.security.Principal;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;

/**
 * Who a DTLS peer authenticated as, in the three ways LwM2M security modes allow (LwM2M 1.1 Transport §5.2):
 * a PSK identity, a raw public key, or an X.509 certificate (by its subject's common name, which LwM2M servers
 * conventionally match with the endpoint name). {@link Other} keeps any other principal visible in logs.
 */
public sealed interface PeerIdentity {

    /** A pre-shared key identity (RFC 4279 §2). */
    record Psk(String identity) implements PeerIdentity {
        public Psk {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** A raw public key (RFC 7250). */
    record RawPublicKey(PublicKey key) implements PeerIdentity {
        public RawPublicKey {
            Objects.requireNonNull(key, "key");
        }
    }

    /** An X.509 certificate, by the common name of its subject. */
    record X509(String commonName) implements PeerIdentity {
        public X509 {
            Objects.requireNonNull(commonName, "commonName");
        }
    }

    /** A principal of a kind delivery does not map; never granted anything by the standard access. */
    record Other(String name) implements PeerIdentity {
    }

    /** The identity Scandium put in a DTLS peer's endpoint context; empty for a plain CoAP peer. */
    static Optional<PeerIdentity> of(Principal principal) {
        if (principal == null) {
            return Optional.empty();
        }
        if (principal instanceof PreSharedKeyIdentity psk) {
            return Optional.of(new Psk(psk.getIdentity()));
        }
        if (principal instanceof RawPublicKeyIdentity rpk) {
            return Optional.of(new RawPublicKey(rpk.getKey()));
        }
        if (principal instanceof X509CertPath path && path.getCN() != null) {
            return Optional.of(new X509(path.getCN()));
        }
        if (principal instanceof X500Principal x500) {
            return Optional.of(commonName(x500.getName()).<PeerIdentity>map(X509::new).orElse(new Other(x500.getName())));
        }
        return Optional.of(new Other(principal.getClass().getSimpleName() + ":" + principal.getName()));
    }

    private static Optional<String> commonName(String distinguishedName) {
        try {
            for (Rdn rdn : new LdapName(distinguishedName).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
            return Optional.empty();
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
