package io.cellota.firmware.signing;

import static io.cellota.firmware.testkit.ReferenceImages.bytes;
import static io.cellota.firmware.testkit.ReferenceImages.publicKey;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.image.ImageSource;
import io.cellota.firmware.image.FileImageSource;
import io.cellota.firmware.signing.VerificationResult.Failure;
import io.cellota.firmware.signing.VerificationResult.Invalid;
import io.cellota.firmware.signing.VerificationResult.Valid;
import io.cellota.firmware.testkit.ReferenceImages;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every reference image verifies exactly as MANIFEST.md says imgtool verify does. */
class ImageVerifierTest {

    private static final TrustedKey P256 = publicKey("ecdsa-p256");
    private static final TrustedKey ED25519 = publicKey("ed25519");
    private static final TrustedKey RSA = publicKey("rsa-2048");
    private static final ImageVerifier ALL_KEYS = new ImageVerifier(List.of(P256, ED25519, RSA));

    @Test
    void the_ecdsa_image_is_valid_with_its_key_and_names_it() {
        VerificationResult result = new ImageVerifier(List.of(ED25519, P256)).verify(bytes(ReferenceImages.ECDSA_P256));

        assertThat(result).isInstanceOfSatisfying(Valid.class, v -> {
            assertThat(v.key()).contains(P256);
            assertThat(v.digestHex()).startsWith("4cba1f61").endsWith("9c268c");
            assertThat(v.version()).hasToString("1.2.3+4");
        });
    }

    @Test
    void the_ed25519_image_is_valid_with_its_key_and_exposes_its_security_counter() {
        VerificationResult result = ALL_KEYS.verify(bytes(ReferenceImages.ED25519_SECCNT7));

        assertThat(result).isInstanceOfSatisfying(Valid.class, v -> {
            assertThat(v.key()).contains(ED25519);
            assertThat(v.securityCounter()).hasValue(7);
            assertThat(v.digestHex()).isEqualTo("bfc18e6c54a1d6958f447896454119d2414dc1b0f672f8cd9ca965799481d300");
        });
    }

    @Test
    void the_rsa_pss_image_is_valid_with_its_key() {
        assertThat(ALL_KEYS.verify(bytes(ReferenceImages.RSA_2048)))
                .isInstanceOfSatisfying(Valid.class, v -> assertThat(v.key()).contains(RSA));
    }

    @Test
    void the_pubkey_image_is_valid_with_its_key() {
        assertThat(ALL_KEYS.verify(bytes(ReferenceImages.ECDSA_P256_PUBKEY)))
                .isInstanceOfSatisfying(Valid.class, v -> assertThat(v.key()).contains(P256));
    }

    @Test
    void the_padded_confirmed_image_is_valid_with_its_key() {
        assertThat(ALL_KEYS.verify(bytes(ReferenceImages.PADDED_CONFIRMED)))
                .isInstanceOfSatisfying(Valid.class, v -> assertThat(v.key()).contains(P256));
    }

    @Test
    void the_unsigned_image_passes_a_hash_check_but_no_key_accepts_it() {
        assertThat(ImageVerifier.hashOnly().verify(bytes(ReferenceImages.UNSIGNED)))
                .isInstanceOfSatisfying(Valid.class, v -> assertThat(v.key()).isEmpty());
        assertFailure(ALL_KEYS.verify(bytes(ReferenceImages.UNSIGNED)), Failure.UNSIGNED, "not signed");
    }

    @Test
    void a_signed_image_is_rejected_by_a_verifier_that_trusts_other_keys() {
        assertFailure(new ImageVerifier(List.of(ED25519, RSA)).verify(bytes(ReferenceImages.ECDSA_P256)),
                Failure.UNTRUSTED_KEY, "KEYHASH 0cd6c5b694ccd525… matches no trusted key");
    }

    @Test
    void a_payload_bit_flip_is_an_invalid_hash() {
        assertFailure(ALL_KEYS.verify(bytes(ReferenceImages.BAD_PAYLOAD_BITFLIP)), Failure.HASH_MISMATCH,
                "image hash mismatch: the SHA256 TLV holds 4cba1f61");
    }

    @Test
    void an_edited_header_version_is_an_invalid_hash() {
        assertFailure(ALL_KEYS.verify(bytes(ReferenceImages.BAD_HEADER_VERSION_EDITED)), Failure.HASH_MISMATCH,
                "image hash mismatch");
    }

    @Test
    void a_signature_bit_flip_is_no_valid_signature_for_the_key() {
        assertFailure(ALL_KEYS.verify(bytes(ReferenceImages.BAD_SIGNATURE_BITFLIP)), Failure.BAD_SIGNATURE,
                "the ECDSA_SIG signature does not verify with trusted key key-ecdsa-p256");
    }

    @Test
    void malformed_images_are_reported_with_the_readers_reason() {
        assertFailure(ALL_KEYS.verify(bytes(ReferenceImages.BAD_MAGIC)), Failure.MALFORMED, "bad magic");
        assertFailure(ALL_KEYS.verify(bytes(ReferenceImages.BAD_TRUNCATED)), Failure.MALFORMED, "truncated");
        assertFailure(ALL_KEYS.verify(bytes(ReferenceImages.BAD_IMG_SIZE_OVERFLOW)), Failure.MALFORMED,
                "image size exceeds the file");
    }

    @Test
    void verifies_an_image_in_a_file_without_reading_it_whole(@TempDir Path dir) throws Exception {
        Path file = ReferenceImages.copyTo(dir, ReferenceImages.ED25519_SECCNT7);
        try (FileImageSource source = FileImageSource.open(file)) {
            assertThat(ALL_KEYS.verify(source).isValid()).isTrue();
        }
    }

    @Test
    void verifies_the_image_at_the_start_of_a_larger_erased_slot() throws Exception {
        byte[] image = bytes(ReferenceImages.ECDSA_P256);
        byte[] slot = new byte[0x20000];
        java.util.Arrays.fill(slot, (byte) 0xff);
        System.arraycopy(image, 0, slot, 0, image.length);

        assertThat(ALL_KEYS.verify(ImageSource.of(slot)).isValid()).isTrue();
    }

    private static void assertFailure(VerificationResult result, Failure failure, String messagePart) {
        assertThat(result).isInstanceOfSatisfying(Invalid.class, i -> {
            assertThat(i.failure()).isEqualTo(failure);
            assertThat(i.message()).contains(messagePart);
        });
    }
}
