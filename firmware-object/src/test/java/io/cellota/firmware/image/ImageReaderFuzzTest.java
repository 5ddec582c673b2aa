package io.cellota.firmware.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.VerificationResult;
import io.cellota.firmware.testkit.ReferenceImages;
import java.util.List;

/**
 * Coverage-guided fuzzing of the reader and verifier: whatever the bytes, the only failure is the typed one.
 * {@code mvn verify} fuzzes for a bounded time ({@code -Djazzer.fuzz=false} runs only the seed inputs in
 * {@code ImageReaderFuzzTestInputs/}); a crash is saved there and becomes a regression input.
 */
class ImageReaderFuzzTest {

    private static final ImageVerifier VERIFIER = new ImageVerifier(List.of(
            ReferenceImages.publicKey("ecdsa-p256"), ReferenceImages.publicKey("ed25519"),
            ReferenceImages.publicKey("rsa-2048")));

    @FuzzTest(maxDuration = "40s")
    void reading_and_verifying_any_bytes_fails_only_with_a_reason(byte[] input) {
        try {
            McubootImage image = ImageReader.read(input);
            assertThat(image.imageEnd()).isLessThanOrEqualTo(input.length);
            VerificationResult result = VERIFIER.verify(input);
            assertThat(result.describe()).isNotBlank();
        } catch (ImageFormatException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.offset()).isBetween(0L, (long) Math.max(input.length, 32));
        }
    }
}
