package io.cellota.firmware.signing;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;

/**
 * The JDK signature engines for each MCUboot scheme: ECDSA with SHA-256 (P-256) or SHA-384 (P-384) over the
 * signed region, DER-encoded; RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt over the region; and
 * Ed25519 over the image digest (or, pure, over the region).
 */
final class Signatures {

    private static final PSSParameterSpec MCUBOOT_PSS =
            new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1);

    private Signatures() {
    }

    /** A fresh engine for {@code type}, not yet initialised. */
    static Signature engine(KeyType type) {
        try {
            return switch (type) {
                case ECDSA_P256 -> Signature.getInstance("SHA256withECDSA");
                case ECDSA_P384 -> Signature.getInstance("SHA384withECDSA");
                case ED25519 -> Signature.getInstance("Ed25519");
                case RSA_2048, RSA_3072 -> {
                    Signature s = Signature.getInstance("RSASSA-PSS");
                    s.setParameter(MCUBOOT_PSS);
                    yield s;
                }
            };
        } catch (NoSuchAlgorithmException | InvalidAlgorithmParameterException e) {
            throw new IllegalStateException("every Java 17 runtime has " + type.cliName() + " signatures", e);
        }
    }

    /** Whether the scheme signs the image digest rather than the region (Ed25519, unless pure). */
    static boolean signsDigest(KeyType type, boolean pure) {
        return type == KeyType.ED25519 && !pure;
    }

    /**
     * Signs with {@code key}: ECDSA and RSA over {@code region}; Ed25519 over {@code message}, which is the
     * digest, or the region when pure.
     */
    static byte[] sign(SigningKey key, byte[] region, byte[] message) {
        try {
            Signature s = engine(key.type());
            s.initSign(key.privateKey());
            s.update(key.type() == KeyType.ED25519 ? message : region);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot sign with " + key + ": " + e.getMessage(), e);
        }
    }
}
