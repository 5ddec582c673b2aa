package io.cellota.server.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SigningKey;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The bench's images: exactly the size asked for, and valid signed MCUboot images. */
class SignedImageTest {

    @ParameterizedTest(name = "{0}, {1} bytes")
    @CsvSource({"ED25519, 4096", "ECDSA_P256, 4096", "ECDSA_P256, 65536", "ED25519, 65536"})
    void an_image_has_exactly_the_size_asked_for_and_verifies(KeyType type, int bytes) {
        SigningKey key = PemKeys.generate(type, "test");

        byte[] image = DeliveryRig.signedImage(bytes, 3, key);

        assertThat(image).hasSize(bytes);
        assertThat(new ImageVerifier(List.of(key.publicKey())).verify(image).isValid()).isTrue();
    }
}
