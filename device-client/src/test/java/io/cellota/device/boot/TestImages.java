package io.cellota.device.boot;

import io.cellota.device.flash.FlashLayout;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.signing.ImageSigner;
import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.SignOptions;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.firmware.testkit.ReferenceImages;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Images for boot tests, signed as nRF Connect SDK signs them, with the reference test keys. */
final class TestImages {

    /** Slots of 8 sectors of 4 KiB: small enough to swap in microseconds, with the nRF9160's trailer. */
    static final FlashLayout SMALL = FlashLayout.NRF9160.withName("test-8x4k").withSlotSize(8 * 4096);

    /** The device's signing key: trusted by {@link #VERIFIER}. */
    static final SigningKey KEY = ReferenceImages.privateKey("ed25519");

    /** Someone else's key. */
    static final SigningKey UNTRUSTED_KEY = ReferenceImages.privateKey("ecdsa-p256");

    static final ImageVerifier VERIFIER = new ImageVerifier(List.of(ReferenceImages.publicKey("ed25519")));

    private TestImages() {
    }

    /** An image of {@code payloadBytes} signed with {@link #KEY} for {@link #SMALL}, without security counter. */
    static byte[] image(String version, int payloadBytes) {
        return sign(options(version, SMALL), payloadBytes, KEY);
    }

    /** As {@link #image(String, int)}, with a {@code SEC_CNT} TLV. */
    static byte[] image(String version, int payloadBytes, long securityCounter) {
        return sign(options(version, SMALL).withSecurityCounter(securityCounter), payloadBytes, KEY);
    }

    static byte[] signedBy(SigningKey key, String version, int payloadBytes) {
        return sign(options(version, SMALL), payloadBytes, key);
    }

    /** {@code --header-size 0x200 --pad-header --align 4 --slot-size S --max-sectors M}, as west signs. */
    static SignOptions options(String version, FlashLayout layout) {
        return SignOptions.zephyr(ImageVersion.parse(version), layout.slotSize()).withLayout(layout.maxSectors(), false);
    }

    static byte[] sign(SignOptions options, int payloadBytes, SigningKey key) {
        return ImageSigner.sign(payload(payloadBytes, options.version().hashCode()), options, Optional.of(key));
    }

    /** Deterministic, seeded bytes: each version gets its own payload. */
    static byte[] payload(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
