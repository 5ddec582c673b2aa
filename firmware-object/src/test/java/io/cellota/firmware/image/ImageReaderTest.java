package io.cellota.firmware.image;

import static io.cellota.firmware.testkit.ReferenceImages.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.image.ImageFormatException.Reason;
import io.cellota.firmware.testkit.ReferenceImages;
import io.cellota.firmware.trailer.FlagState;
import io.cellota.firmware.trailer.MagicState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The reader against imgtool's own images and {@code imgtool dumpinfo} of each. */
class ImageReaderTest {

    @Test
    void reads_the_ecdsa_image_as_dumpinfo_shows_it() throws Exception {
        McubootImage image = ImageReader.read(bytes(ReferenceImages.ECDSA_P256));

        assertThat(image.header()).isEqualTo(new ImageHeader(0, 0x200, 0, 0x10000, 0, ImageVersion.parse("1.2.3+4")));
        assertThat(image.protectedTlvs()).isEmpty();
        assertThat(image.tlvs().encodedSize()).isEqualTo(0x98);
        assertThat(image.tlvs().entries()).extracting(Tlv::typeName, Tlv::length)
                .containsExactly(tuple("SHA256", 0x20), tuple("KEYHASH", 0x20), tuple("ECDSA_SIG", 0x48));
        assertThat(HexFormat.of().formatHex(image.tlvs().first(TlvType.SHA256).orElseThrow().value()))
                .startsWith("4cba1f61").endsWith("9c268c");
        assertThat(image.slot()).isEmpty();
        assertThat(image.imageEnd()).isEqualTo(image.fileSize()).isEqualTo(66200);
    }

    @Test
    void reads_the_protected_security_counter_of_the_ed25519_image() throws Exception {
        McubootImage image = ImageReader.read(bytes(ReferenceImages.ED25519_SECCNT7));

        assertThat(image.header().protectedTlvSize()).isEqualTo(0xc);
        assertThat(image.protectedTlvs().orElseThrow().entries()).extracting(Tlv::typeName).containsExactly("SEC_CNT");
        assertThat(image.securityCounter()).hasValue(7);
        assertThat(image.hashedLength()).isEqualTo(0x1020c);
        assertThat(image.tlvs().entries()).extracting(Tlv::typeName, Tlv::length)
                .containsExactly(tuple("SHA256", 0x20), tuple("KEYHASH", 0x20), tuple("ED25519", 0x40));
        assertThat(image.version()).hasToString("2.0.0+0");
    }

    @Test
    void reads_rsa_pubkey_and_unsigned_images() throws Exception {
        assertThat(ImageReader.read(bytes(ReferenceImages.RSA_2048)).tlvs().entries())
                .extracting(Tlv::typeName, Tlv::length)
                .containsExactly(tuple("SHA256", 0x20), tuple("KEYHASH", 0x20), tuple("RSA2048_PSS", 0x100));
        McubootImage pubkey = ImageReader.read(bytes(ReferenceImages.ECDSA_P256_PUBKEY));
        assertThat(pubkey.tlvs().entries()).extracting(Tlv::typeName, Tlv::length)
                .containsExactly(tuple("SHA256", 0x20), tuple("PUBKEY", 0x5b), tuple("ECDSA_SIG", 0x46));
        assertThat(pubkey.header().imageSize()).isEqualTo(0xbb9);
        McubootImage unsigned = ImageReader.read(bytes(ReferenceImages.UNSIGNED));
        assertThat(unsigned.tlvs().entries()).extracting(Tlv::typeName).containsExactly("SHA256");
        assertThat(unsigned.tlvs().encodedSize()).isEqualTo(0x28);
    }

    @Test
    void reads_the_trailer_of_an_image_padded_to_its_slot() throws Exception {
        McubootImage image = ImageReader.read(bytes(ReferenceImages.PADDED_CONFIRMED));

        assertThat(image.fileSize()).isEqualTo(0x20000);
        McubootImage.SlotPadding slot = image.slot().orElseThrow();
        assertThat(slot.maxAlign()).isEqualTo(8);
        assertThat(slot.erasedValue()).isEqualTo(0xff);
        assertThat(slot.trailer().magic()).isEqualTo(MagicState.GOOD);
        assertThat(slot.trailer().imageOk()).isEqualTo(FlagState.SET);
        assertThat(slot.trailer().copyDone()).isEqualTo(FlagState.UNSET);
        assertThat(slot.trailer().swapType()).isEmpty();
    }

    @Test
    void keeps_tlv_types_mcuboot_does_not_define() throws Exception {
        byte[] image = bytes(ReferenceImages.UNSIGNED);
        byte[] extended = appendUnprotected(image, new Tlv(0x7777, new byte[] {1, 2, 3}));

        McubootImage read = ImageReader.read(extended);

        assertThat(read.tlvs().entries()).extracting(Tlv::typeName).containsExactly("SHA256", "0x7777");
        assertThat(read.tlvs().entries().get(1).value()).containsExactly(1, 2, 3);
    }

    @Test
    void says_bad_magic_for_an_image_whose_first_byte_is_inverted() {
        assertFailure(() -> ImageReader.read(bytes(ReferenceImages.BAD_MAGIC)), Reason.BAD_MAGIC, "bad magic 0x96f3b8c2");
    }

    @Test
    void says_truncated_where_imgtool_crashes() {
        assertFailure(() -> ImageReader.read(bytes(ReferenceImages.BAD_TRUNCATED)), Reason.TRUNCATED,
                "truncated at byte 33100 of at least 66052");
    }

    @Test
    void says_the_image_size_exceeds_the_file_where_imgtool_crashes() {
        assertFailure(() -> ImageReader.read(bytes(ReferenceImages.BAD_IMG_SIZE_OVERFLOW)),
                Reason.IMAGE_SIZE_EXCEEDS_FILE, "image size exceeds the file: ih_img_size is 0x7fffffff");
    }

    @Test
    void says_which_tlv_overruns_its_area() {
        byte[] image = bytes(ReferenceImages.UNSIGNED);
        int tlvAt = 0x200 + 0xbb9;
        image[tlvAt + 4 + 2] = 0x21; // SHA256 length 0x20 -> 0x21

        assertFailure(() -> ImageReader.read(image), Reason.TLV_ENTRY_OVERRUNS, "TLV SHA256 at byte " + (tlvAt + 4));
    }

    @Test
    void says_the_tlv_area_overruns_the_file() {
        byte[] image = bytes(ReferenceImages.UNSIGNED);
        int tlvAt = 0x200 + 0xbb9;
        image[tlvAt + 2] = 0x29;

        assertFailure(() -> ImageReader.read(image), Reason.TLV_AREA_OVERRUNS, "TLV area overruns the file");
    }

    @Test
    void rejects_a_protected_size_that_disagrees_with_the_area() {
        byte[] image = bytes(ReferenceImages.ED25519_SECCNT7);
        image[10] = 0x10;

        assertFailure(() -> ImageReader.read(image), Reason.PROTECTED_SIZE_MISMATCH, "ih_protect_tlv_size is 16");
    }

    @Test
    void rejects_a_header_size_below_32_bytes() {
        byte[] image = bytes(ReferenceImages.UNSIGNED);
        image[8] = 0x10;
        image[9] = 0;

        assertFailure(() -> ImageReader.read(image), Reason.BAD_HEADER_SIZE, "smaller than the 32-byte header");
    }

    @Test
    void rejects_data_after_the_tlv_area_that_is_not_slot_padding() {
        byte[] image = Arrays.copyOf(bytes(ReferenceImages.UNSIGNED), 3553 + 100);
        Arrays.fill(image, 3553, image.length, (byte) 0xff);
        image[3553 + 50] = 0x12;

        assertFailure(() -> ImageReader.read(image), Reason.TRAILING_DATA, "unexpected data at byte 3603");
    }

    @Test
    void accepts_erased_padding_without_a_trailer() throws Exception {
        byte[] image = Arrays.copyOf(bytes(ReferenceImages.UNSIGNED), 8192);
        Arrays.fill(image, 3553, image.length, (byte) 0xff);

        McubootImage read = ImageReader.read(image);

        assertThat(read.slot().orElseThrow().trailer().magic()).isEqualTo(MagicState.UNSET);
        assertThat(read.imageEnd()).isEqualTo(3553);
    }

    @Test
    void says_erased_flash_holds_no_image() {
        byte[] erased = new byte[4096];
        Arrays.fill(erased, (byte) 0xff);

        assertFailure(() -> ImageReader.read(erased), Reason.ERASED, "no image");
    }

    @Test
    void every_prefix_of_a_valid_image_fails_with_a_reason_and_never_an_unchecked_exception() {
        byte[] image = bytes(ReferenceImages.ED25519_SECCNT7);
        for (int length = 0; length < image.length; length += length < 600 ? 1 : 97) {
            byte[] prefix = Arrays.copyOf(image, length);
            assertThatThrownBy(() -> ImageReader.read(prefix)).as("prefix of %d bytes", length)
                    .isInstanceOf(ImageFormatException.class);
        }
    }

    private static void assertFailure(ThrowingCallable read, Reason reason, String messagePart) {
        assertThatThrownBy(read).isInstanceOfSatisfying(ImageFormatException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }

    /** The image with one more unprotected TLV appended and the area total updated. */
    static byte[] appendUnprotected(byte[] image, Tlv tlv) throws ImageFormatException {
        McubootImage read = ImageReader.read(image);
        int areaAt = (int) read.hashedLength();
        byte[] area = read.tlvs().with(tlv).encode();
        byte[] out = Arrays.copyOf(image, areaAt + area.length);
        System.arraycopy(area, 0, out, areaAt, area.length);
        return out;
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    static int le32(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }
}
