package io.cellota.firmware.object5;

import static io.cellota.firmware.object5.FirmwareUpdateResource.OBJECT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellota.firmware.object5.FirmwareUpdateResource.DataType;
import io.cellota.firmware.object5.FirmwareUpdateResource.Operations;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FirmwareUpdateResourceTest {

    /** Transcribed by hand from the "Resources" of 5.xml (v1.1) and 5-1_0.xml (v1.0.3). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
         0 | PACKAGE                          | Package                          | W  | OPAQUE           | false | true  | V1_0
         1 | PACKAGE_URI                      | Package URI                      | RW | STRING           | false | true  | V1_0
         2 | UPDATE                           | Update                           | E  | NONE             | false | true  | V1_0
         3 | STATE                            | State                            | R  | INTEGER          | false | true  | V1_0
         5 | UPDATE_RESULT                    | Update Result                    | R  | INTEGER          | false | true  | V1_0
         6 | PKG_NAME                         | PkgName                          | R  | STRING           | false | false | V1_0
         7 | PKG_VERSION                      | PkgVersion                       | R  | STRING           | false | false | V1_0
         8 | FIRMWARE_UPDATE_PROTOCOL_SUPPORT | Firmware Update Protocol Support | R  | INTEGER          | true  | false | V1_0
         9 | FIRMWARE_UPDATE_DELIVERY_METHOD  | Firmware Update Delivery Method  | R  | INTEGER          | false | true  | V1_0
        10 | CANCEL                           | Cancel                           | E  | NONE             | false | false | V1_1
        11 | SEVERITY                         | Severity                         | RW | INTEGER          | false | false | V1_1
        12 | LAST_STATE_CHANGE_TIME           | Last State Change Time           | R  | TIME             | false | false | V1_1
        13 | MAXIMUM_DEFER_PERIOD             | Maximum Defer Period             | RW | UNSIGNED_INTEGER | false | false | V1_1
        """)
    void each_resource_matches_the_object_definition(int id, FirmwareUpdateResource expected, String specName,
            Operations operations, DataType type, boolean multiple, boolean mandatory, ObjectVersion since) {
        FirmwareUpdateResource resource = FirmwareUpdateResource.fromId(id).orElseThrow();

        assertThat(resource).isEqualTo(expected);
        assertThat(resource.id()).isEqualTo(id);
        assertThat(resource.specName()).isEqualTo(specName);
        assertThat(resource.operations()).isEqualTo(operations);
        assertThat(resource.type()).isEqualTo(type);
        assertThat(resource.isMultiple()).isEqualTo(multiple);
        assertThat(resource.isMandatory()).isEqualTo(mandatory);
        assertThat(resource.since()).isEqualTo(since);
    }

    @Test
    void the_object_has_thirteen_resources_and_no_resource_4() {
        assertThat(FirmwareUpdateResource.values()).hasSize(13);
        assertThat(FirmwareUpdateResource.fromId(4)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 4, 14, 33629, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void an_unknown_id_is_empty(int id) {
        assertThat(FirmwareUpdateResource.fromId(id)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(FirmwareUpdateResource.class)
    void every_resource_round_trips_through_its_id(FirmwareUpdateResource resource) {
        assertThat(FirmwareUpdateResource.fromId(resource.id())).contains(resource);
    }

    @Test
    void version_1_0_defines_resources_0_to_3_and_5_to_9() {
        assertThat(idsDefinedIn(ObjectVersion.V1_0)).isEqualTo("0,1,2,3,5,6,7,8,9");
    }

    @Test
    void version_1_1_adds_cancel_severity_last_state_change_time_and_maximum_defer_period() {
        assertThat(idsDefinedIn(ObjectVersion.V1_1)).isEqualTo("0,1,2,3,5,6,7,8,9,10,11,12,13");
    }

    @Test
    void the_object_is_5_with_a_single_instance_0() {
        assertThat(OBJECT_ID).isEqualTo(5);
        assertThat(FirmwareUpdateResource.INSTANCE_ID).isZero();
        assertThat(FirmwareUpdateResource.STATE.path()).isEqualTo("/5/0/3");
        assertThat(FirmwareUpdateResource.MAXIMUM_DEFER_PERIOD.path()).isEqualTo("/5/0/13");
    }

    @Test
    void the_package_uri_range_is_255() {
        assertThat(FirmwareUpdateResource.PACKAGE_URI_MAX_LENGTH).isEqualTo(255);
    }

    @Test
    void operations_say_what_a_server_may_do() {
        assertThat(Arrays.stream(Operations.values()).filter(Operations::isReadable)).containsExactly(
                Operations.R, Operations.RW);
        assertThat(Arrays.stream(Operations.values()).filter(Operations::isWritable)).containsExactly(
                Operations.W, Operations.RW);
        assertThat(Arrays.stream(Operations.values()).filter(Operations::isExecutable)).containsExactly(
                Operations.E);
    }

    @Test
    void executable_resources_have_no_data_type() {
        assertThat(Arrays.stream(FirmwareUpdateResource.values())
                .filter(r -> r.operations().isExecutable())
                .map(FirmwareUpdateResource::type))
                .containsOnly(DataType.NONE);
    }

    private static String idsDefinedIn(ObjectVersion version) {
        return Arrays.stream(FirmwareUpdateResource.values())
                .filter(r -> r.isDefinedIn(version))
                .map(r -> Integer.toString(r.id()))
                .collect(Collectors.joining(","));
    }
}
