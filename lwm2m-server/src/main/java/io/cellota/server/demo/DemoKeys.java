package io.cellota.server.demo;

import io.cellota.firmware.signing.KeyFormatException;
import io.cellota.firmware.signing.KeyType;
import io.cellota.firmware.signing.PemKeys;
import io.cellota.firmware.signing.SigningKey;
import io.cellota.firmware.storage.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The demo's secrets, generated at its first run and kept in {@code <data>/keys} (owner-only files) so that a
 * second run finds its fleet as it left it: the firmware signing key (ECDSA P-256, as nRF Connect SDK projects
 * usually sign MCUboot images), its public half for the server's trusted keys, and the master key each device's
 * PSK is derived from.
 *
 * @param signing     signs the factory image and every demo release
 * @param publicKey   the file the server is told to trust
 * @param pskMaster   the devices' PSKs are HMAC-SHA256(master, endpoint), cut to 16 bytes
 */
record DemoKeys(SigningKey signing, Path publicKey, byte[] pskMaster) {

    static DemoKeys load(Path dir) throws IOException, KeyFormatException {
        Files.createDirectories(dir);
        Path privateFile = dir.resolve("demo-signing.pem");
        Path publicFile = dir.resolve("demo-signing.pub.pem");
        Path masterFile = dir.resolve("psk-master.hex");
        if (!Files.exists(privateFile)) {
            SigningKey fresh = PemKeys.generate(KeyType.ECDSA_P256, "demo-signing");
            AtomicFile.write(privateFile, PemKeys.privatePem(fresh).getBytes(StandardCharsets.US_ASCII), true, false);
        }
        SigningKey signing = PemKeys.readPrivate(privateFile);
        AtomicFile.write(publicFile, PemKeys.publicPem(signing.publicKey()).getBytes(StandardCharsets.US_ASCII),
                false, true);
        if (!Files.exists(masterFile)) {
            byte[] master = new byte[32];
            new SecureRandom().nextBytes(master);
            AtomicFile.write(masterFile, HexFormat.of().formatHex(master).getBytes(StandardCharsets.US_ASCII), true,
                    false);
        }
        byte[] master = HexFormat.of().parseHex(Files.readString(masterFile, StandardCharsets.US_ASCII).strip());
        return new DemoKeys(signing, publicFile, master);
    }
}
