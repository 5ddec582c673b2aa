package io.cellota.server.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The repository's values refuse what cannot be true of a stored package, a page or a configuration. */
class RepositoryValuesTest {

    private static final String SHA = "ab".repeat(32);

    private static FirmwarePackage opaque() {
        return new FirmwarePackage("fw-aaaaaaaaaaaaaaaa", PackageType.OPAQUE, "modem", "1.0", 10, SHA,
                Optional.empty(), OptionalLong.empty(), "alice", Instant.EPOCH);
    }

    @Test
    void a_package_has_content_and_a_sha256_in_lower_case_hex() {
        assertThat(opaque().sha256Bytes()).hasSize(32).startsWith((byte) 0xab);
        assertThatThrownBy(() -> new FirmwarePackage("fw-a", PackageType.OPAQUE, "m", "1", 0, SHA, Optional.empty(),
                OptionalLong.empty(), "alice", Instant.EPOCH)).hasMessageContaining("at least one byte");
        assertThatThrownBy(() -> new FirmwarePackage("fw-a", PackageType.OPAQUE, "m", "1", 1, SHA.toUpperCase(),
                Optional.empty(), OptionalLong.empty(), "alice", Instant.EPOCH)).hasMessageContaining("sha256");
    }

    @Test
    void an_opaque_package_has_no_signer_and_no_security_counter() {
        assertThatThrownBy(() -> new FirmwarePackage("fw-a", PackageType.OPAQUE, "m", "1", 1, SHA,
                Optional.of("key"), OptionalLong.empty(), "alice", Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no signer");
    }

    @Test
    void a_renamed_package_is_otherwise_the_same() {
        assertThat(opaque().withName("modem-delta")).isEqualTo(new FirmwarePackage("fw-aaaaaaaaaaaaaaaa",
                PackageType.OPAQUE, "modem-delta", "1.0", 10, SHA, Optional.empty(), OptionalLong.empty(), "alice",
                Instant.EPOCH));
        assertThatThrownBy(() -> opaque().withName(" ")).hasMessageContaining("name is required");
    }

    @Test
    void types_are_named_in_lower_case_in_the_api() {
        assertThat(PackageType.MCUBOOT.label()).isEqualTo("mcuboot");
        assertThat(PackageType.fromLabel("OPAQUE")).contains(PackageType.OPAQUE);
        assertThat(PackageType.fromLabel("zip")).isEmpty();
    }

    @Test
    void an_upload_request_is_changed_by_copies() {
        UploadRequest request = UploadRequest.mcuboot().withName("app").withVersion("1.2.3");

        assertThat(request).isEqualTo(new UploadRequest(PackageType.MCUBOOT, Optional.of("app"), Optional.of("1.2.3")));
        assertThat(UploadRequest.mcuboot().name()).isEmpty();
    }

    @Test
    void pages_move_forward_by_their_limit_within_bounds() {
        assertThat(PageRequest.first(20).next().next()).isEqualTo(new PageRequest(40, 20));
        assertThatThrownBy(() -> PageRequest.first(0)).hasMessageContaining("limit");
        assertThatThrownBy(() -> PageRequest.first(PageRequest.MAX_LIMIT + 1)).hasMessageContaining("limit");
        assertThatThrownBy(() -> new PageRequest(-1, 10)).hasMessageContaining("offset");
    }

    @Test
    void the_configuration_defaults_to_32_mib_and_needs_a_positive_limit() {
        assertThat(RepositoryConfig.trusting(List.of()).maxPackageSize()).isEqualTo(33_554_432L);
        assertThatThrownBy(() -> RepositoryConfig.trusting(List.of()).withMaxPackageSize(0))
                .hasMessageContaining("positive");
    }

    @Test
    void ids_are_fw_and_sixteen_base32_characters_and_do_not_repeat() {
        PackageIds ids = new PackageIds();
        List<String> many = java.util.stream.Stream.generate(ids::next).limit(1000).toList();

        assertThat(many).allMatch(PackageIds::isWellFormed).doesNotHaveDuplicates();
        assertThat(PackageIds.isWellFormed("fw-AAAAAAAAAAAAAAAA")).isFalse();
        assertThat(PackageIds.isWellFormed("fw-aaaaaaaaaaaaaaa1")).isFalse();
    }
}
