package io.cellota.firmware.signing;

import static io.cellota.firmware.testkit.ReferenceImages.bytes;
import static io.cellota.firmware.testkit.ReferenceImages.privateKey;
import static io.cellota.firmware.testkit.ReferenceImages.publicKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.image.ImageDependency;
import io.cellota.firmware.image.ImageReader;
import io.cellota.firmware.image.ImageVersion;
import io.cellota.firmware.image.McubootImage;
import io.cellota.firmware.image.Tlv;
import io.cellota.firmware.testkit.ReferenceImages;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Our signer against imgtool's reference images: identical bytes where signatures are deterministic. */
class ImageSignerTest {

    private static final SignOptions REFERENCE = SignOptions.defaults(ImageVersion.ZERO)
            .withHeader(0x200, true).withAlign(4).withSlotSize(0x80000);

    @Test
    void ed25519_output_equals_imgtools_byte_for_byte() {
        byte[] ours = ImageSigner.sign(bytes(ReferenceImages.PAYLOAD_64K),
                withVersion(REFERENCE, "2.0.0+0").withSecurityCounter(7), Optional.of(privateKey("ed25519")));

        assertThat(ours).isEqualTo(bytes(ReferenceImages.ED25519_SECCNT7));
    }

    @Test
    void unsigned_output_equals_imgtools_byte_for_byte() {
        byte[] ours = ImageSigner.sign(bytes(ReferenceImages.PAYLOAD_3001), withVersion(REFERENCE, "1.0.0"),
                Optional.empty());

        assertThat(ours).isEqualTo(bytes(ReferenceImages.UNSIGNED));
    }

    @Test
    void reproduces_the_worked_test_vector_of_the_format_reference() throws Exception {
        SigningKey key = PemKeys.readPrivate("tv", """
                -----BEGIN PRIVATE KEY-----
                MC4CAQAwBQYDK2VwBCIEIAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g
                -----END PRIVATE KEY-----
                """);
        byte[] input = new byte[0x200 + 256];
        for (int i = 0; i < 256; i++) {
            input[0x200 + i] = (byte) i;
        }
        SignOptions options = SignOptions.defaults(ImageVersion.parse("1.2.3+4")).withHeader(0x200, false)
                .withAlign(4).withSlotSize(0x40000).withSecurityCounter(5);

        byte[] ours = ImageSigner.sign(input, options, Optional.of(key));

        assertThat(ours).hasSize(924);
        assertThat(HexFormat.of().formatHex(HashAlgorithm.SHA256.digest(ours)))
                .isEqualTo("d160ba06232c3dafb3062a7280a0a7fe012863c6bee99e2df99253784a96bc1d");
    }

    @Test
    void ecdsa_output_has_imgtools_structure_and_verifies() throws Exception {
        byte[] ours = ImageSigner.sign(bytes(ReferenceImages.PAYLOAD_64K), withVersion(REFERENCE, "1.2.3+4"),
                Optional.of(privateKey("ecdsa-p256")));
        byte[] theirs = bytes(ReferenceImages.ECDSA_P256);

        assertSameStructure(ours, theirs);
        int signedLength = (int) ImageReader.read(theirs).hashedLength();
        assertThat(Arrays.copyOf(ours, signedLength)).isEqualTo(Arrays.copyOf(theirs, signedLength));
        assertThat(verifierFor("ecdsa-p256").verify(ours).isValid()).isTrue();
    }

    @Test
    void rsa_output_has_imgtools_structure_and_verifies() throws Exception {
        byte[] ours = ImageSigner.sign(bytes(ReferenceImages.PAYLOAD_3001), withVersion(REFERENCE, "0.9.1+77"),
                Optional.of(privateKey("rsa-2048")));

        assertSameStructure(ours, bytes(ReferenceImages.RSA_2048));
        assertThat(verifierFor("rsa-2048").verify(ours).isValid()).isTrue();
    }

    @Test
    void full_public_key_output_has_imgtools_structure_and_verifies() throws Exception {
        byte[] ours = ImageSigner.sign(bytes(ReferenceImages.PAYLOAD_3001),
                withVersion(REFERENCE, "1.3.0").withPublicKeyFormat(PublicKeyFormat.FULL),
                Optional.of(privateKey("ecdsa-p256")));
        byte[] theirs = bytes(ReferenceImages.ECDSA_P256_PUBKEY);

        assertSameStructure(ours, theirs);
        assertThat(ImageReader.read(ours).first(io.cellota.firmware.image.TlvType.PUBKEY))
                .isEqualTo(ImageReader.read(theirs).first(io.cellota.firmware.image.TlvType.PUBKEY));
        assertThat(verifierFor("ecdsa-p256").verify(ours).isValid()).isTrue();
    }

    @Test
    void padded_confirmed_output_matches_imgtools_outside_the_signature() throws Exception {
        byte[] ours = ImageSigner.sign(bytes(ReferenceImages.PAYLOAD_64K),
                withVersion(REFERENCE, "1.2.3+4").withSlotSize(0x20000).withPad(true, true),
                Optional.of(privateKey("ecdsa-p256")));
        byte[] theirs = bytes(ReferenceImages.PADDED_CONFIRMED);

        assertThat(ours).hasSameSizeAs(theirs);
        McubootImage read = ImageReader.read(theirs);
        int tail = (int) read.imageEnd();
        assertThat(Arrays.copyOfRange(ours, tail, ours.length)).isEqualTo(Arrays.copyOfRange(theirs, tail, theirs.length));
        assertThat(verifierFor("ecdsa-p256").verify(ours).isValid()).isTrue();
    }

    @Test
    void every_key_type_signs_images_our_verifier_accepts_and_other_keys_do_not() {
        for (KeyType type : KeyType.values()) {
            SigningKey key = PemKeys.generate(type, "fresh-" + type.cliName());
            byte[] image = ImageSigner.sign(bytes(ReferenceImages.PAYLOAD_3001), withVersion(REFERENCE, "3.1.4"),
                    Optional.of(key));

            assertThat(new ImageVerifier(List.of(key.publicKey())).verify(image))
                    .as(type.cliName()).isInstanceOfSatisfying(VerificationResult.Valid.class,
                            v -> assertThat(v.hash()).isEqualTo(type.allowedHashes().get(0)));
            assertThat(verifierFor("ed25519").verify(image).isValid()).as(type.cliName()).isFalse();
        }
    }

    @Test
    void pure_ed25519_signs_the_image_itself_with_sha512() throws Exception {
        SigningKey key = privateKey("ed25519");
        byte[] image = ImageSigner.sign(bytes(ReferenceImages.PAYLOAD_3001),
                withVersion(REFERENCE, "1.0.0").withPure(true), Optional.of(key));

        McubootImage read = ImageReader.read(image);
        assertThat(read.tlvs().entries()).extracting(Tlv::typeName)
                .containsExactly("SHA512", "SIG_PURE", "KEYHASH", "ED25519");
        assertThat(read.tlvs().first(io.cellota.firmware.image.TlvType.KEYHASH).orElseThrow().length()).isEqualTo(64);
        assertThat(verifierFor("ed25519").verify(image)).isInstanceOfSatisfying(VerificationResult.Valid.class,
                v -> assertThat(v.key()).contains(publicKey("ed25519")));
    }

    @Test
    void ed25519_with_sha512_is_accepted_as_imgtool_allows() {
        byte[] image = ImageSigner.sign(bytes(ReferenceImages.PAYLOAD_3001),
                withVersion(REFERENCE, "1.0.0").withSha(HashAlgorithm.SHA512), Optional.of(privateKey("ed25519")));

        assertThat(verifierFor("ed25519").verify(image).isValid()).isTrue();
    }

    @Test
    void dependencies_and_custom_tlvs_go_in_the_protected_area_in_imgtools_order() throws Exception {
        ImageDependency dep = new ImageDependency(1, ImageVersion.parse("1.2.0"));
        byte[] image = ImageSigner.sign(bytes(ReferenceImages.PAYLOAD_3001),
                withVersion(REFERENCE, "1.0.0").withSecurityCounter(3).withDependencies(List.of(dep))
                        .withCustomTlvs(List.of(new Tlv(0xa0, new byte[] {'h', 'i'}))),
                Optional.of(privateKey("ecdsa-p256")));

        McubootImage read = ImageReader.read(image);
        assertThat(read.protectedTlvs().orElseThrow().entries()).extracting(Tlv::typeName)
                .containsExactly("SEC_CNT", "DEPENDENCY", "0x00a0");
        assertThat(read.dependencies()).containsExactly(dep);
        assertThat(verifierFor("ecdsa-p256").verify(image).isValid()).isTrue();
    }

    @Test
    void refuses_what_imgtool_refuses_with_its_reason() {
        byte[] payload = bytes(ReferenceImages.PAYLOAD_3001);
        assertThatThrownBy(() -> ImageSigner.sign(payload, REFERENCE.withHeader(0x200, false), Optional.empty()))
                .hasMessageContaining("does not start with 512 zero bytes");
        assertThatThrownBy(() -> ImageSigner.sign(payload, REFERENCE.withSlotSize(0x800), Optional.empty()))
                .hasMessageContaining("exceeds the slot size 0x800");
        assertThatThrownBy(() -> ImageSigner.sign(payload, REFERENCE.withPure(true), Optional.of(privateKey("rsa-2048"))))
                .hasMessageContaining("--pure is supported with Ed25519 keys only");
        assertThatThrownBy(() -> ImageSigner.sign(payload, REFERENCE.withSha(HashAlgorithm.SHA384),
                Optional.of(privateKey("ecdsa-p256")))).hasMessageContaining("cannot be used with --sha");
        assertThatThrownBy(() -> REFERENCE.withCustomTlvs(List.of(new Tlv(0x10, new byte[1]))))
                .hasMessageContaining("vendor range");
    }

    private static SignOptions withVersion(SignOptions o, String version) {
        return new SignOptions(ImageVersion.parse(version), o.headerSize(), o.padHeader(), o.align(), o.maxAlign(),
                o.maxSectors(), o.overwriteOnly(), o.slotSize(), o.pad(), o.confirm(), o.securityCounter(),
                o.publicKeyFormat(), o.pure(), o.sha(), o.dependencies(), o.customTlvs(), o.loadAddress(),
                o.nonBootable(), o.erasedValue());
    }

    private static ImageVerifier verifierFor(String type) {
        return new ImageVerifier(List.of(publicKey(type)));
    }

    /** Same header, same protected TLVs, same unprotected TLV types and lengths (ECDSA DER may differ by 1-2). */
    private static void assertSameStructure(byte[] ours, byte[] theirs) throws Exception {
        McubootImage a = ImageReader.read(ours);
        McubootImage b = ImageReader.read(theirs);
        assertThat(a.header()).isEqualTo(b.header());
        assertThat(a.protectedTlvs()).isEqualTo(b.protectedTlvs());
        assertThat(a.tlvs().entries()).extracting(Tlv::typeName)
                .isEqualTo(b.tlvs().entries().stream().map(Tlv::typeName).toList());
        assertThat(a.tlvs().first(io.cellota.firmware.image.TlvType.SHA256))
                .isEqualTo(b.tlvs().first(io.cellota.firmware.image.TlvType.SHA256));
        assertThat(a.tlvs().first(io.cellota.firmware.image.TlvType.KEYHASH))
                .isEqualTo(b.tlvs().first(io.cellota.firmware.image.TlvType.KEYHASH));
    }
}
