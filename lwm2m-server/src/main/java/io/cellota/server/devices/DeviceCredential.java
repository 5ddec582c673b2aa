package io.cellota.server.devices;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * How a device authenticates over DTLS: a pre-shared key, a raw public key, or an X.509 certificate whose
 * subject CN is the endpoint name (issued by a CA the server trusts). Never printed with key material.
 */
public sealed interface DeviceCredential {

    String endpoint();

    /** The security mode's name in the API: {@code psk}, {@code rpk}, {@code x509}. */
    String mode();

    /** A pre-shared key; the identity must be unique across devices. */
    record Psk(String endpoint, String identity, byte[] key) implements DeviceCredential {
        public Psk {
            requireEndpoint(endpoint);
            if (identity == null || identity.isBlank() || identity.length() > 128
                    || !identity.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new IllegalArgumentException("a PSK identity is 1..128 printable ASCII characters");
            }
            if (key == null || key.length < 8 || key.length > 64) {
                throw new IllegalArgumentException("a PSK is 8..64 bytes");
            }
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public String mode() {
            return "psk";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Psk p && endpoint.equals(p.endpoint) && identity.equals(p.identity)
                    && Arrays.equals(key, p.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(endpoint, identity);
        }

        @Override
        public String toString() {
            return "Psk[" + endpoint + ", " + identity + "]";
        }
    }

    /** A raw public key (EC, SubjectPublicKeyInfo). */
    record Rpk(String endpoint, PublicKey publicKey) implements DeviceCredential {
        public Rpk {
            requireEndpoint(endpoint);
            Objects.requireNonNull(publicKey, "publicKey");
            if (!"EC".equals(publicKey.getAlgorithm())) {
                throw new IllegalArgumentException("raw public keys must be EC keys, was " + publicKey.getAlgorithm());
            }
        }

        @Override
        public String mode() {
            return "rpk";
        }

        public String publicKeyHex() {
            return HexFormat.of().formatHex(publicKey.getEncoded());
        }
    }

    /** An X.509 certificate with CN = endpoint, from an issuer in the server's trust store. */
    record X509(String endpoint) implements DeviceCredential {
        public X509 {
            requireEndpoint(endpoint);
        }

        @Override
        public String mode() {
            return "x509";
        }
    }

    private static void requireEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank() || endpoint.length() > 255) {
            throw new IllegalArgumentException("an endpoint name is 1..255 characters");
        }
    }
}
