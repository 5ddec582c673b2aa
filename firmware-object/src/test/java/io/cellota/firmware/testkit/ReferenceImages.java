package io.cellota.firmware.testkit;

import io.cellota.firmware.signing.KeyFormatException;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.firmware.signing.TrustedKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The MCUboot reference images and test keys made with imgtool 2.4.0 (see {@code mcuboot/MANIFEST.md} beside
 * this class). Test keys only: published, never to be trusted anywhere real.
 */
public final class ReferenceImages {

    public static final String ECDSA_P256 = "app-ecdsa-p256-v1.2.3+4.signed.bin";
    public static final String ED25519_SECCNT7 = "app-ed25519-v2.0.0-seccnt7.signed.bin";
    public static final String RSA_2048 = "app-rsa-2048-v0.9.1+77.signed.bin";
    public static final String ECDSA_P256_PUBKEY = "app-ecdsa-p256-pubkey-v1.3.0.signed.bin";
    public static final String UNSIGNED = "app-unsigned-v1.0.0.bin";
    public static final String PADDED_CONFIRMED = "app-ecdsa-p256-padded-confirmed.bin";
    public static final String BAD_PAYLOAD_BITFLIP = "bad-payload-bitflip.bin";
    public static final String BAD_HEADER_VERSION_EDITED = "bad-header-version-edited.bin";
    public static final String BAD_SIGNATURE_BITFLIP = "bad-signature-bitflip.bin";
    public static final String BAD_MAGIC = "bad-magic.bin";
    public static final String BAD_TRUNCATED = "bad-truncated.bin";
    public static final String BAD_IMG_SIZE_OVERFLOW = "bad-img-size-overflow.bin";
    public static final String PAYLOAD_64K = "payload-64k.bin";
    public static final String PAYLOAD_3001 = "payload-3001.bin";

    private ReferenceImages() {
    }

    /** The bytes of a reference file. */
    public static byte[] bytes(String name) {
        try (InputStream in = ReferenceImages.class.getResourceAsStream("mcuboot/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no reference file " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** The private test key {@code key-<type>.pem}, e.g. {@code privateKey("ecdsa-p256")}. */
    public static SigningKey privateKey(String type) {
        try {
            return PemKeys.readPrivate("key-" + type, text("key-" + type + ".pem"));
        } catch (KeyFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public test key {@code key-<type>.pub.pem}. */
    public static TrustedKey publicKey(String type) {
        try {
            return PemKeys.readPublic("key-" + type, text("key-" + type + ".pub.pem"));
        } catch (KeyFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a reference file into {@code dir} and returns its path, for tools that take files. */
    public static Path copyTo(Path dir, String name) {
        try {
            return Files.write(dir.resolve(name), bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
