package io.cellota.firmware.signing;

import io.cellota.firmware.image.ImageVersion;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;

/** The outcome of verifying an image: valid, naming the key that verified, or invalid, saying why. */
public sealed interface VerificationResult {

    boolean isValid();

    /** One line for a person. */
    String describe();

    /**
     * The image hash matches and, when keys are trusted, a signature verified.
     *
     * @param key             the trusted key whose signature verified; empty when only the hash was checked
     * @param hash            the image hash algorithm
     * @param digest          the image digest (of the region MCUboot hashes)
     * @param version         the image version, for downgrade policy
     * @param securityCounter the {@code SEC_CNT} value, for rollback protection
     */
    record Valid(Optional<TrustedKey> key, HashAlgorithm hash, byte[] digest, ImageVersion version,
                 OptionalLong securityCounter) implements VerificationResult {

        public Valid {
            digest = digest.clone();
        }

        @Override
        public byte[] digest() {
            return digest.clone();
        }

        public String digestHex() {
            return HexFormat.of().formatHex(digest);
        }

        @Override
        public boolean isValid() {
            return true;
        }

        @Override
        public String describe() {
            String by = key.map(k -> "signed by trusted key " + k.name() + " (" + k.type().cliName() + ")")
                    .orElse("hash only, no signature checked");
            return "valid: version " + version + ", " + by + ", " + hash.jcaName() + " " + digestHex()
                    + securityCounter.stream().mapToObj(c -> ", security counter " + c).findFirst().orElse("");
        }
    }

    /** The image was rejected, for {@code failure}, explained in {@code message}. */
    record Invalid(Failure failure, String message) implements VerificationResult {

        @Override
        public boolean isValid() {
            return false;
        }

        @Override
        public String describe() {
            return "invalid: " + message;
        }
    }

    /** Why an image was rejected, in MCUboot's terms. */
    enum Failure {
        /** The image cannot be parsed at all. */
        MALFORMED,
        /** No {@code SHA256}/{@code SHA384}/{@code SHA512} TLV (and not a pure signature). */
        NO_HASH,
        /** The hash TLV does not match the image: it was corrupted or edited after signing. */
        HASH_MISMATCH,
        /** Keys are trusted but the image carries no signature. */
        UNSIGNED,
        /** A signature TLV with no {@code KEYHASH} or {@code PUBKEY} before it to say which key. */
        NO_KEY_FOR_SIGNATURE,
        /** Signed, but by a key the verifier does not trust. */
        UNTRUSTED_KEY,
        /** A trusted key was named, but its signature does not verify. */
        BAD_SIGNATURE
    }
}
