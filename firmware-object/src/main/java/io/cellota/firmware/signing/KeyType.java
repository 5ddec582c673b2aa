package io.cellota.firmware.signing;

import io.cellota.firmware.image.TlvType;
import java.util.List;
import java.util.Optional;

/**
 * The signature schemes MCUboot verifies, named as imgtool's {@code keygen -t} names them, with the TLV each
 * signature goes in and the image hashes each allows (imgtool's {@code ALLOWED_KEY_SHA}, first is default).
 */
public enum KeyType {
    ECDSA_P256("ecdsa-p256", TlvType.ECDSA_SIG, List.of(HashAlgorithm.SHA256)),
    ECDSA_P384("ecdsa-p384", TlvType.ECDSA_SIG, List.of(HashAlgorithm.SHA384)),
    ED25519("ed25519", TlvType.ED25519, List.of(HashAlgorithm.SHA256, HashAlgorithm.SHA512)),
    RSA_2048("rsa-2048", TlvType.RSA2048_PSS, List.of(HashAlgorithm.SHA256)),
    RSA_3072("rsa-3072", TlvType.RSA3072_PSS, List.of(HashAlgorithm.SHA256));

    private final String cliName;
    private final TlvType signatureTlv;
    private final List<HashAlgorithm> hashes;

    KeyType(String cliName, TlvType signatureTlv, List<HashAlgorithm> hashes) {
        this.cliName = cliName;
        this.signatureTlv = signatureTlv;
        this.hashes = hashes;
    }

    /** The name used on the command line, as imgtool's {@code keygen -t}. */
    public String cliName() {
        return cliName;
    }

    public TlvType signatureTlv() {
        return signatureTlv;
    }

    /** The image hashes this key may sign, the default first. */
    public List<HashAlgorithm> allowedHashes() {
        return hashes;
    }

    /** Whether imgtool's {@code --pure} (signature over the image itself) exists for this key: Ed25519 only. */
    public boolean supportsPure() {
        return this == ED25519;
    }

    public static Optional<KeyType> ofCliName(String name) {
        for (KeyType t : values()) {
            if (t.cliName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
