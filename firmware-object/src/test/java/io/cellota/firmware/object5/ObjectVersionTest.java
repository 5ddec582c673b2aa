package io.cellota.firmware.object5;

import static io.cellota.firmware.object5.ObjectVersion.V1_0;
import static io.cellota.firmware.object5.ObjectVersion.V1_1;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectVersionTest {

    @Test
    void version_1_0_is_the_unversioned_urn() {
        assertThat(V1_0.urn()).isEqualTo("urn:oma:lwm2m:oma:5");
        assertThat(V1_0.version()).isEqualTo("1.0");
    }

    @Test
    void version_1_1_is_the_urn_with_the_1_1_suffix() {
        assertThat(V1_1.urn()).isEqualTo("urn:oma:lwm2m:oma:5:1.1");
        assertThat(V1_1.version()).isEqualTo("1.1");
    }

    @Test
    void there_are_exactly_two_versions() {
        assertThat(ObjectVersion.values()).containsExactly(V1_0, V1_1);
    }

    @ParameterizedTest
    @EnumSource(ObjectVersion.class)
    void urn_and_version_round_trip(ObjectVersion version) {
        assertThat(ObjectVersion.fromUrn(version.urn())).contains(version);
        assertThat(ObjectVersion.fromVersion(version.version())).contains(version);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"urn:oma:lwm2m:oma:5:1.2", "urn:oma:lwm2m:oma:5:1.0", "urn:oma:lwm2m:oma:33629",
        "URN:OMA:LWM2M:OMA:5", "urn:oma:lwm2m:oma:5 "})
    void an_unknown_urn_is_empty_rather_than_an_error(String urn) {
        assertThat(ObjectVersion.fromUrn(urn)).isEmpty();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"1.2", "1", "2.0", "1.1.0"})
    void an_unknown_ver_attribute_is_empty_rather_than_an_error(String ver) {
        assertThat(ObjectVersion.fromVersion(ver)).isEmpty();
    }

    @Test
    void a_version_is_at_least_itself_and_every_earlier_one() {
        assertThat(V1_1.isAtLeast(V1_0)).isTrue();
        assertThat(V1_1.isAtLeast(V1_1)).isTrue();
        assertThat(V1_0.isAtLeast(V1_0)).isTrue();
        assertThat(V1_0.isAtLeast(V1_1)).isFalse();
    }
}
