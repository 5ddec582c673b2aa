package io.cellota.server.repository;

import static io.cellota.firmware.testkit.ReferenceImages.BAD_HEADER_VERSION_EDITED;
import static io.cellota.firmware.testkit.ReferenceImages.BAD_IMG_SIZE_OVERFLOW;
import static io.cellota.firmware.testkit.ReferenceImages.BAD_MAGIC;
import static io.cellota.firmware.testkit.ReferenceImages.BAD_PAYLOAD_BITFLIP;
import static io.cellota.firmware.testkit.ReferenceImages.BAD_SIGNATURE_BITFLIP;
import static io.cellota.firmware.testkit.ReferenceImages.BAD_TRUNCATED;
import static io.cellota.firmware.testkit.ReferenceImages.ECDSA_P256;
import static io.cellota.firmware.testkit.ReferenceImages.ED25519_SECCNT7;
import static io.cellota.firmware.testkit.ReferenceImages.UNSIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.signing.ImageVerifier;
import io.cellota.firmware.signing.VerificationResult;
import io.cellota.firmware.testkit.ReferenceImages;
import io.cellota.server.repository.RepositoryException.Reason;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What an upload is checked for, and what is recorded when it passes: MCUboot images verified against the
 * trusted keys with the precise reason when they fail, opaque packages as declared, every limit enforced
 * while streaming. Run on H2 ({@link FirmwareUploadTest}) and PostgreSQL ({@link FirmwareUploadPostgresIT}).
 */
abstract class FirmwareUploadContract extends RepositoryFixture {

    @Test
    void an_ecdsa_p256_image_is_stored_with_its_header_version_signer_and_sha256() throws Exception {
        byte[] image = ReferenceImages.bytes(ECDSA_P256);

        FirmwarePackage pkg = upload(ECDSA_P256);

        assertThat(pkg.id()).matches("fw-[a-z2-7]{16}");
        assertThat(pkg.type()).isEqualTo(PackageType.MCUBOOT);
        assertThat(pkg.name()).isEqualTo(FirmwareRepository.DEFAULT_MCUBOOT_NAME);
        assertThat(pkg.version()).isEqualTo("1.2.3+4");
        assertThat(pkg.size()).isEqualTo(image.length);
        assertThat(pkg.sha256()).isEqualTo(FileContentStoreTest.sha256(image));
        assertThat(pkg.signer()).contains("key-ecdsa-p256");
        assertThat(pkg.securityCounter()).isEmpty();
        assertThat(pkg.uploadedBy()).isEqualTo(OPERATOR);
        assertThat(pkg.uploadedAt()).isEqualTo(NOW.truncatedTo(ChronoUnit.MICROS));
        assertThat(repository.find(pkg.id())).contains(pkg);
        assertThat(blobs()).containsExactly(pkg.sha256());
        assertThat(stagingFiles()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "app-ecdsa-p256-v1.2.3+4.signed.bin,      1.2.3+4,  key-ecdsa-p256, ",
        "app-ed25519-v2.0.0-seccnt7.signed.bin,   2.0.0+0,  key-ed25519,    7",
        "app-rsa-2048-v0.9.1+77.signed.bin,       0.9.1+77, key-rsa-2048,   ",
        "app-ecdsa-p256-pubkey-v1.3.0.signed.bin, 1.3.0+0,  key-ecdsa-p256, ",
        "app-ecdsa-p256-padded-confirmed.bin,     1.2.3+4,  key-ecdsa-p256, ",
    })
    void every_good_reference_image_is_accepted(String image, String version, String signer, Long counter)
            throws Exception {
        FirmwarePackage pkg = upload(image);

        assertThat(pkg.version()).isEqualTo(version);
        assertThat(pkg.signer()).contains(signer);
        assertThat(pkg.securityCounter())
                .isEqualTo(counter == null ? OptionalLong.empty() : OptionalLong.of(counter));
        assertThat(repository.find(pkg.id())).contains(pkg);
    }

    static Stream<Arguments> badImages() {
        return Stream.of(
                Arguments.of(BAD_MAGIC, Reason.NOT_AN_IMAGE, "bad magic"),
                Arguments.of(BAD_TRUNCATED, Reason.INVALID_IMAGE, "truncated"),
                Arguments.of(BAD_IMG_SIZE_OVERFLOW, Reason.INVALID_IMAGE, "image size exceeds the file"),
                Arguments.of(BAD_PAYLOAD_BITFLIP, Reason.INVALID_IMAGE, "image hash mismatch"),
                Arguments.of(BAD_HEADER_VERSION_EDITED, Reason.INVALID_IMAGE, "image hash mismatch"),
                Arguments.of(BAD_SIGNATURE_BITFLIP, Reason.UNTRUSTED, "does not verify with trusted key"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badImages")
    void each_bad_reference_image_is_refused_with_its_reason_and_the_checkers_own_message(String image,
            Reason reason, String words) throws Exception {
        byte[] bytes = ReferenceImages.bytes(image);
        VerificationResult.Invalid verdict = (VerificationResult.Invalid) new ImageVerifier(
                trusting("ecdsa-p256", "ed25519", "rsa-2048").trustedKeys()).verify(bytes);

        RepositoryException refusal = refusal(() -> upload(image));

        assertThat(refusal.reason()).isEqualTo(reason);
        assertThat(refusal.getMessage()).isEqualTo(verdict.message()).contains(words);
        assertNothingStored();
    }

    @Test
    void an_image_signed_by_a_key_that_is_not_trusted_is_untrusted() throws Exception {
        repository = repository(trusting("ed25519"));

        RepositoryException refusal = refusal(() -> upload(ECDSA_P256));

        assertThat(refusal.reason()).isEqualTo(Reason.UNTRUSTED);
        assertThat(refusal.getMessage()).contains("signed by an untrusted key").contains("key-ed25519");
        assertNothingStored();
    }

    @Test
    void an_unsigned_image_is_untrusted() throws Exception {
        RepositoryException refusal = refusal(() -> upload(UNSIGNED));

        assertThat(refusal.reason()).isEqualTo(Reason.UNTRUSTED);
        assertThat(refusal.getMessage()).contains("not signed");
        assertNothingStored();
    }

    @Test
    void without_trusted_keys_no_image_is_accepted() throws Exception {
        repository = repository(trusting());

        RepositoryException refusal = refusal(() -> upload(ED25519_SECCNT7));

        assertThat(refusal.reason()).isEqualTo(Reason.UNTRUSTED);
        assertThat(refusal.getMessage()).contains("no signing keys are trusted");
        assertNothingStored();
    }

    @Test
    void a_declared_version_must_be_the_images_own() throws Exception {
        byte[] image = ReferenceImages.bytes(ECDSA_P256);

        RepositoryException wrong = refusal(() -> upload(image, UploadRequest.mcuboot().withVersion("1.2.3+5")));
        RepositoryException garbled = refusal(() -> upload(image, UploadRequest.mcuboot().withVersion("v1.2")));
        FirmwarePackage right = upload(image, UploadRequest.mcuboot().withVersion("1.2.3+4").withName("app"));

        assertThat(wrong.reason()).isEqualTo(Reason.VERSION_MISMATCH);
        assertThat(wrong.getMessage()).isEqualTo("the declared version 1.2.3+5 is not the image's version 1.2.3+4");
        assertThat(garbled.reason()).isEqualTo(Reason.INVALID_METADATA);
        assertThat(right.version()).isEqualTo("1.2.3+4");
        assertThat(right.name()).isEqualTo("app");
    }

    @Test
    void an_opaque_package_is_stored_as_declared_with_its_sha256() throws Exception {
        byte[] delta = randomContent(150_000, 1);

        FirmwarePackage pkg = upload(delta, UploadRequest.opaque("nrf9160-modem-delta", "mfw_1.3.5-to-1.3.6"));

        assertThat(pkg.type()).isEqualTo(PackageType.OPAQUE);
        assertThat(pkg.name()).isEqualTo("nrf9160-modem-delta");
        assertThat(pkg.version()).isEqualTo("mfw_1.3.5-to-1.3.6");
        assertThat(pkg.size()).isEqualTo(delta.length);
        assertThat(pkg.sha256()).isEqualTo(FileContentStoreTest.sha256(delta));
        assertThat(pkg.signer()).isEmpty();
        assertThat(pkg.securityCounter()).isEmpty();
        assertThat(repository.find(pkg.id())).contains(pkg);
    }

    @Test
    void an_image_that_is_not_mcuboot_can_still_be_stored_as_opaque() throws Exception {
        FirmwarePackage pkg = upload(ReferenceImages.bytes(BAD_MAGIC), UploadRequest.opaque("vendor-blob", "7"));

        assertThat(pkg.type()).isEqualTo(PackageType.OPAQUE);
    }

    static Stream<Arguments> missingMetadata() {
        return Stream.of(
                Arguments.of(new UploadRequest(PackageType.OPAQUE, Optional.empty(), Optional.of("1.0")), "the name is"),
                Arguments.of(new UploadRequest(PackageType.OPAQUE, Optional.of("modem"), Optional.empty()), "the version is"),
                Arguments.of(new UploadRequest(PackageType.OPAQUE, Optional.empty(), Optional.empty()), "both are"),
                Arguments.of(UploadRequest.opaque("  ", "1.0"), "the name is"));
    }

    @ParameterizedTest
    @MethodSource("missingMetadata")
    void an_opaque_package_without_name_or_version_is_refused_before_its_body_is_read(UploadRequest request,
            String missing) throws Exception {
        EndlessStream body = new EndlessStream();

        RepositoryException refusal = refusal(() -> repository.upload(body, request, OPERATOR));

        assertThat(refusal.reason()).isEqualTo(Reason.MISSING_METADATA);
        assertThat(refusal.getMessage()).contains(missing + " missing");
        assertThat(body.served()).isZero();
        assertNothingStored();
    }

    @Test
    void a_name_or_version_too_long_or_with_control_characters_is_invalid() throws Exception {
        byte[] content = randomContent(100, 2);

        RepositoryException tooLong = refusal(() -> upload(content, UploadRequest.opaque("n".repeat(129), "1")));
        RepositoryException controlInName = refusal(() -> upload(content, UploadRequest.opaque("mo\ndem", "1")));
        RepositoryException controlInVersion = refusal(() -> upload(content, UploadRequest.opaque("modem", "1\u0000")));

        assertThat(tooLong.reason()).isEqualTo(Reason.INVALID_METADATA);
        assertThat(tooLong.getMessage()).isEqualTo("the name is longer than 128 characters");
        assertThat(controlInName.reason()).isEqualTo(Reason.INVALID_METADATA);
        assertThat(controlInName.getMessage()).isEqualTo("the name contains control characters");
        assertThat(controlInVersion.getMessage()).isEqualTo("the version contains control characters");
        assertNothingStored();
    }

    @Test
    void an_empty_upload_is_refused() throws Exception {
        RepositoryException refusal = refusal(() -> upload(new byte[0], UploadRequest.mcuboot()));

        assertThat(refusal.reason()).isEqualTo(Reason.EMPTY);
        assertNothingStored();
    }

    @Test
    void an_endless_upload_is_cut_off_just_past_the_limit_and_leaves_nothing() throws Exception {
        long limit = 256 * 1024;
        repository = repository(trusting("ecdsa-p256").withMaxPackageSize(limit));
        EndlessStream body = new EndlessStream();

        RepositoryException refusal = refusal(() -> repository.upload(body, UploadRequest.opaque("x", "1"), OPERATOR));

        assertThat(refusal.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(body.served()).isEqualTo(limit + 1);
        assertNothingStored();
    }

    @Test
    void an_image_of_exactly_the_limit_is_accepted() throws Exception {
        byte[] image = ReferenceImages.bytes(ECDSA_P256);
        repository = repository(trusting("ecdsa-p256").withMaxPackageSize(image.length));

        assertThat(upload(ECDSA_P256).size()).isEqualTo(image.length);
    }

    @Test
    void a_disk_that_fills_up_mid_upload_leaves_no_blob_no_staging_file_and_no_row() throws Exception {
        repository = repository(trusting("ecdsa-p256"),
                new FileContentStore(contentDir(), FailingDisk.fullAfter(10_000)));

        RepositoryException refusal = refusal(() -> upload(ECDSA_P256));

        assertThat(refusal.reason()).isEqualTo(Reason.STORAGE);
        assertThat(refusal.getMessage()).contains("No space left on device");
        assertNothingStored();
    }
}
