package io.cellota.device.lwm2m;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** How a device proves itself to its LwM2M server: none (plain CoAP), PSK, raw public key or X.509. */
public sealed interface DeviceCredentials {

    /** Plain CoAP, no security (tests and closed networks only). */
    record NoSec() implements DeviceCredentials {
    }

    /** DTLS with a pre-shared key; the identity should be ASCII (Leshan decodes it with the platform charset). */
    record Psk(String identity, byte[] key) implements DeviceCredentials {
        public Psk {
            Objects.requireNonNull(identity, "identity");
            if (key.length == 0) {
                throw new IllegalArgumentException("a PSK must not be empty");
            }
            key = key.clone();
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public String toString() {
            return "Psk[" + identity + "]";
        }

        /**
         * The credentials of one device of a fleet provisioned from a master secret: identity = endpoint, key =
         * the first 16 bytes of HMAC-SHA256(master, endpoint). A server holding the master derives the same key.
         */
        public static Psk derived(String endpoint, byte[] master) {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(master, "HmacSHA256"));
                byte[] full = mac.doFinal(endpoint.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                return new Psk(endpoint, java.util.Arrays.copyOf(full, 16));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("every Java runtime has HmacSHA256", e);
            }
        }
    }

    /** DTLS with raw public keys: the device's EC key pair and the server's public key. */
    record Rpk(PublicKey publicKey, PrivateKey privateKey, PublicKey serverPublicKey) implements DeviceCredentials {
        public Rpk {
            Objects.requireNonNull(publicKey, "publicKey");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(serverPublicKey, "serverPublicKey");
        }

        @Override
        public String toString() {
            return "Rpk[" + publicKey.getAlgorithm() + "]";
        }
    }

    /** DTLS with X.509: the device's certificate and key, and the server certificate it expects (usage 3). */
    record X509(X509Certificate certificate, PrivateKey privateKey, X509Certificate serverCertificate)
            implements DeviceCredentials {
        public X509 {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(serverCertificate, "serverCertificate");
        }

        @Override
        public String toString() {
            return "X509[" + certificate.getSubjectX500Principal() + "]";
        }
    }
}
