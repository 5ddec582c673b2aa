package io.cellota.firmware.signing;

import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A public key a verifier trusts, with the name it is reported under (usually its file name). Its
 * {@linkplain #mcubootBytes() MCUboot encoding} is what a bootloader compiles in and what {@code KEYHASH}
 * hashes: SubjectPublicKeyInfo DER for EC and Ed25519 keys, PKCS#1 {@code RSAPublicKey} DER for RSA keys.
 */
public record TrustedKey(String name, KeyType type, PublicKey publicKey) {

    public TrustedKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    /** The key bytes as MCUboot embeds them (imgtool's {@code get_public_bytes}). */
    public byte[] mcubootBytes() {
        byte[] spki = publicKey.getEncoded();
        if (type == KeyType.RSA_2048 || type == KeyType.RSA_3072) {
            return SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getOctets();
        }
        return spki;
    }

    /** The {@code KEYHASH} TLV value for images hashed with {@code hash}. */
    public byte[] keyHash(HashAlgorithm hash) {
        return hash.digest(mcubootBytes());
    }

    public TrustedKey withName(String newName) {
        return new TrustedKey(newName, type, publicKey);
    }

    @Override
    public String toString() {
        return name + " (" + type.cliName() + ")";
    }
}
