package io.cellota.firmware.object5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellota.firmware.object5.Trigger.DownloadFailed;
import io.cellota.firmware.object5.Trigger.PackageReset;
import io.cellota.firmware.object5.Trigger.PackageUriWritten;
import io.cellota.firmware.object5.Trigger.PackageWriteStarted;
import io.cellota.firmware.object5.Trigger.UpdateFailed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TriggerTest {

    @Test
    void a_single_null_byte_or_an_empty_package_resets() {
        assertThat(Trigger.ofPackageWrite(new byte[] {0})).isEqualTo(new PackageReset());
        assertThat(Trigger.ofPackageWrite(new byte[0])).isEqualTo(new PackageReset());
    }

    @Test
    void any_other_package_payload_starts_a_push() {
        assertThat(Trigger.ofPackageWrite(new byte[] {0, 0})).isEqualTo(new PackageWriteStarted());
        assertThat(Trigger.ofPackageWrite(new byte[] {1})).isEqualTo(new PackageWriteStarted());
        assertThat(Trigger.ofPackageWrite(new byte[] {'0'})).isEqualTo(new PackageWriteStarted());
    }

    @Test
    void an_empty_package_uri_resets_and_any_other_starts_a_pull() {
        assertThat(Trigger.ofPackageUriWrite("")).isEqualTo(new PackageReset());
        assertThat(Trigger.ofPackageUriWrite(" ")).isEqualTo(new PackageUriWritten(" "));
        assertThat(Trigger.ofPackageUriWrite("coap://a/b")).isEqualTo(new PackageUriWritten("coap://a/b"));
    }

    @Test
    void an_empty_package_uri_is_not_a_uri_write() {
        assertThatThrownBy(() -> new PackageUriWritten("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PackageReset");
    }

    @ParameterizedTest
    @EnumSource(value = UpdateResult.class, names = {"INITIAL", "SUCCESS", "UPDATE_FAILED", "CANCELLED", "DEFERRED"})
    void a_download_cannot_fail_with_a_result_that_is_not_a_download_error(UpdateResult reason) {
        assertThatThrownBy(() -> new DownloadFailed(reason)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(value = UpdateResult.class, names = {"UPDATE_FAILED", "INTEGRITY_CHECK_FAILURE"},
            mode = EnumSource.Mode.EXCLUDE)
    void an_update_fails_only_with_8_or_5(UpdateResult reason) {
        assertThatThrownBy(() -> new UpdateFailed(reason)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void only_cancel_and_the_deferral_triggers_need_version_1_1() {
        assertThat(Object5Spec.TRIGGERS).allSatisfy((name, triggers) -> triggers.forEach(trigger ->
                assertThat(trigger.since()).as(name).isEqualTo(
                        name.equals("CANCEL_EXECUTED") || name.contains("DEFER")
                                ? ObjectVersion.V1_1 : ObjectVersion.V1_0)));
    }
}
