package io.cellota.firmware.signing;

import java.security.PrivateKey;
import java.util.Objects;

/** A private key that signs images, with its public half. Its string form never shows key material. */
public record SigningKey(PrivateKey privateKey, TrustedKey publicKey) {

    public SigningKey {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(publicKey, "publicKey");
    }

    public KeyType type() {
        return publicKey.type();
    }

    public String name() {
        return publicKey.name();
    }

    @Override
    public String toString() {
        return "SigningKey[" + publicKey + "]";
    }
}
