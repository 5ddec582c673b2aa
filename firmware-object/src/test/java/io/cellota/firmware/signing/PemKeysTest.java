package io.cellota.firmware.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.testkit.ReferenceImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemKeysTest {

    @Test
    void reads_imgtools_private_keys_and_derives_the_public_half_it_publishes() throws Exception {
        for (String type : new String[] {"ecdsa-p256", "ed25519", "rsa-2048"}) {
            SigningKey key = ReferenceImages.privateKey(type);
            TrustedKey published = ReferenceImages.publicKey(type);

            assertThat(key.type().cliName()).isEqualTo(type);
            assertThat(key.publicKey().mcubootBytes()).as(type).isEqualTo(published.mcubootBytes());
            assertThat(PemKeys.publicPem(key.publicKey())).as(type).isEqualTo(ReferenceImages.text("key-" + type + ".pub.pem"));
        }
    }

    @Test
    void the_keyhash_is_the_hash_mcuboot_compiles_in() {
        TrustedKey p256 = ReferenceImages.publicKey("ecdsa-p256");
        assertThat(p256.mcubootBytes()).hasSize(91);
        assertThat(HexFormat.of().formatHex(p256.keyHash(HashAlgorithm.SHA256))).startsWith("0cd6c5b694ccd525");
        TrustedKey rsa = ReferenceImages.publicKey("rsa-2048");
        assertThat(rsa.mcubootBytes()[0]).as("PKCS#1 RSAPublicKey is a SEQUENCE").isEqualTo((byte) 0x30);
        assertThat(rsa.mcubootBytes().length).isLessThan(rsa.publicKey().getEncoded().length);
    }

    @Test
    void generated_keys_round_trip_through_pem(@TempDir Path dir) throws Exception {
        for (KeyType type : KeyType.values()) {
            SigningKey key = PemKeys.generate(type, "k");
            Path file = Files.writeString(dir.resolve(type.cliName() + ".pem"), PemKeys.privatePem(key));

            SigningKey back = PemKeys.readPrivate(file);

            assertThat(back.type()).isEqualTo(type);
            assertThat(back.name()).isEqualTo(type.cliName());
            assertThat(back.publicKey().mcubootBytes()).isEqualTo(key.publicKey().mcubootBytes());
            assertThat(PemKeys.readPublic(file).mcubootBytes()).isEqualTo(key.publicKey().mcubootBytes());
        }
    }

    @Test
    void reads_traditional_ec_and_rsa_private_keys() throws Exception {
        for (String type : new String[] {"ecdsa-p256", "rsa-2048"}) {
            SigningKey pkcs8 = ReferenceImages.privateKey(type);
            byte[] traditional = traditional(pkcs8);
            String label = type.startsWith("rsa") ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
            String pem = "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(traditional)
                    + "\n-----END " + label + "-----\n";

            SigningKey key = PemKeys.readPrivate("trad", pem);

            assertThat(key.type()).isEqualTo(pkcs8.type());
            assertThat(key.publicKey().mcubootBytes()).isEqualTo(pkcs8.publicKey().mcubootBytes());
        }
    }

    @Test
    void explains_why_a_key_cannot_be_used() throws Exception {
        assertThatThrownBy(() -> PemKeys.readPrivate("pub", ReferenceImages.text("key-ed25519.pub.pem")))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("signing needs the private key");
        assertThatThrownBy(() -> PemKeys.readPublic("junk", "hello"))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("no PEM key found");
        assertThatThrownBy(() -> PemKeys.readPublic("enc", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("password-protected");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp521r1"));
        String p521 = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(
                g.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
        assertThatThrownBy(() -> PemKeys.readPublic("p521", p521))
                .isInstanceOf(KeyFormatException.class).hasMessageContaining("not one MCUboot verifies");
        assertThatThrownBy(() -> PemKeys.readPublic("broken", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"))
                .isInstanceOf(KeyFormatException.class);
    }

    @Test
    void names_keys_after_their_files() {
        assertThat(PemKeys.keyName(Path.of("keys/key-ed25519.pub.pem"))).isEqualTo("key-ed25519");
        assertThat(PemKeys.keyName(Path.of("signing.pem"))).isEqualTo("signing");
        assertThat(SigningKey.class.getSimpleName()).isNotBlank();
        assertThat(ReferenceImages.privateKey("ed25519").toString()).doesNotContain("PRIVATE").contains("key-ed25519");
    }

    /** The key as OpenSSL's traditional format holds it: RSAPrivateKey, or ECPrivateKey naming its curve. */
    private static byte[] traditional(SigningKey key) throws Exception {
        var info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.privateKey().getEncoded());
        if (key.type() != KeyType.ECDSA_P256) {
            return info.parsePrivateKey().toASN1Primitive().getEncoded();
        }
        var ec = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
        return new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getKey(),
                org.bouncycastle.asn1.sec.SECObjectIdentifiers.secp256r1).getEncoded();
    }
}
