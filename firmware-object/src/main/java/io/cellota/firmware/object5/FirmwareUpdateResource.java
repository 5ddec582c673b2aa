package io.cellota.firmware.object5;

import static io.cellota.firmware.object5.FirmwareUpdateResource.DataType.INTEGER;
import static io.cellota.firmware.object5.FirmwareUpdateResource.DataType.NONE;
import static io.cellota.firmware.object5.FirmwareUpdateResource.DataType.OPAQUE;
import static io.cellota.firmware.object5.FirmwareUpdateResource.DataType.STRING;
import static io.cellota.firmware.object5.FirmwareUpdateResource.DataType.TIME;
import static io.cellota.firmware.object5.FirmwareUpdateResource.DataType.UNSIGNED_INTEGER;
import static io.cellota.firmware.object5.FirmwareUpdateResource.Operations.E;
import static io.cellota.firmware.object5.FirmwareUpdateResource.Operations.R;
import static io.cellota.firmware.object5.FirmwareUpdateResource.Operations.RW;
import static io.cellota.firmware.object5.FirmwareUpdateResource.Operations.W;
import static io.cellota.firmware.object5.ObjectVersion.V1_0;
import static io.cellota.firmware.object5.ObjectVersion.V1_1;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The resources of the Firmware Update object, as defined by OMA-SUP-XML_5-V1_1 ("Resources") and,
 * for the v1.0 subset, OMA-SUP-XML_LWM2M_Firmware_Update-V1_0_3.
 *
 * <p>Resource id 4 is absent from both definitions we implement. The first LwM2M 1.0 technical
 * specification (2017) listed a resource 4 "Update Supported Objects" (RW, Boolean, optional); the
 * published v1.0.3 object and v1.1 no longer define it. There is no constant for it and
 * {@link #fromId(int)} returns empty for 4, so a device that still exposes it is reported as using an
 * unknown resource. Object 5 has a single instance, {@link #INSTANCE_ID}.
 */
public enum FirmwareUpdateResource {
    /** 0, W, Opaque, mandatory: the firmware package pushed block-wise; a single NULL byte resets. */
    PACKAGE(0, "Package", W, OPAQUE, false, true, V1_0),
    /** 1, RW, String 0..255, mandatory: where the client pulls the package from; empty resets. */
    PACKAGE_URI(1, "Package URI", RW, STRING, false, true, V1_0),
    /** 2, E, mandatory: installs the downloaded package; executable only in Downloaded. */
    UPDATE(2, "Update", E, NONE, false, true, V1_0),
    /** 3, R, Integer 0..3, mandatory: the {@link UpdateState}. */
    STATE(3, "State", R, INTEGER, false, true, V1_0),
    /** 5, R, Integer 0..9 (v1.0) or 0..11 (v1.1), mandatory: the {@link UpdateResult}. */
    UPDATE_RESULT(5, "Update Result", R, INTEGER, false, true, V1_0),
    /** 6, R, String 0..255, optional: name of the firmware package. */
    PKG_NAME(6, "PkgName", R, STRING, false, false, V1_0),
    /** 7, R, String 0..255, optional: version of the firmware package. */
    PKG_VERSION(7, "PkgVersion", R, STRING, false, false, V1_0),
    /** 8, R, multiple Integer 0..5, optional: the {@link ProtocolSupport} values the client can pull with. */
    FIRMWARE_UPDATE_PROTOCOL_SUPPORT(8, "Firmware Update Protocol Support", R, INTEGER, true, false, V1_0),
    /** 9, R, Integer 0..2, mandatory: the client's {@link DeliveryMethod}. */
    FIRMWARE_UPDATE_DELIVERY_METHOD(9, "Firmware Update Delivery Method", R, INTEGER, false, true, V1_0),
    /** 10, E, optional, v1.1: cancels a download or a downloaded package (Update Result 10). */
    CANCEL(10, "Cancel", E, NONE, false, false, V1_1),
    /** 11, RW, Integer 0..2, optional, v1.1: 0 Critical, 1 Mandatory (default), 2 Optional. */
    SEVERITY(11, "Severity", RW, INTEGER, false, false, V1_1),
    /** 12, R, Time, optional, v1.1: when the State resource last changed. */
    LAST_STATE_CHANGE_TIME(12, "Last State Change Time", R, TIME, false, false, V1_1),
    /** 13, RW, Unsigned Integer in seconds, optional, v1.1: how long a user may defer; 0 forbids deferral. */
    MAXIMUM_DEFER_PERIOD(13, "Maximum Defer Period", RW, UNSIGNED_INTEGER, false, false, V1_1);

    /** The Firmware Update object id. */
    public static final int OBJECT_ID = 5;
    /** The only instance of the Firmware Update object ("MultipleInstances: Single"). */
    public static final int INSTANCE_ID = 0;
    /** The longest Package URI the object admits ("RangeEnumeration: 0..255"), in bytes of UTF-8. */
    public static final int PACKAGE_URI_MAX_LENGTH = 255;

    private final int id;
    private final String specName;
    private final Operations operations;
    private final DataType type;
    private final boolean multiple;
    private final boolean mandatory;
    private final ObjectVersion since;

    FirmwareUpdateResource(int id, String specName, Operations operations, DataType type,
            boolean multiple, boolean mandatory, ObjectVersion since) {
        this.id = id;
        this.specName = specName;
        this.operations = operations;
        this.type = type;
        this.multiple = multiple;
        this.mandatory = mandatory;
        this.since = since;
    }

    /** The resource id within object 5. */
    public int id() {
        return id;
    }

    /** The resource name exactly as the object definition spells it, e.g. {@code "Package URI"}. */
    public String specName() {
        return specName;
    }

    /** The operations the resource allows. */
    public Operations operations() {
        return operations;
    }

    /** The LwM2M data type; {@link DataType#NONE} for executable resources. */
    public DataType type() {
        return type;
    }

    /** Whether the resource has multiple instances (only Firmware Update Protocol Support). */
    public boolean isMultiple() {
        return multiple;
    }

    /** Whether a client implementing object 5 must implement this resource. */
    public boolean isMandatory() {
        return mandatory;
    }

    /** The object version that introduced this resource. */
    public ObjectVersion since() {
        return since;
    }

    /** Whether a client implementing {@code version} of object 5 may expose this resource. */
    public boolean isDefinedIn(ObjectVersion version) {
        Objects.requireNonNull(version, "version");
        return version.isAtLeast(since);
    }

    /** The resource path in the single instance, e.g. {@code "/5/0/3"} for {@link #STATE}. */
    public String path() {
        return "/" + OBJECT_ID + "/" + INSTANCE_ID + "/" + id;
    }

    /** The resource with this id; empty for 4, for negative ids and for ids above 13. */
    public static Optional<FirmwareUpdateResource> fromId(int id) {
        return Arrays.stream(values()).filter(r -> r.id == id).findFirst();
    }

    /** The operations column of the object definition ({@code R}, {@code W}, {@code RW}, {@code E}). */
    public enum Operations {
        /** Read only. */
        R,
        /** Write only. */
        W,
        /** Read and write. */
        RW,
        /** Execute. */
        E;

        /** Whether a server may Read the resource. */
        public boolean isReadable() {
            return this == R || this == RW;
        }

        /** Whether a server may Write the resource. */
        public boolean isWritable() {
            return this == W || this == RW;
        }

        /** Whether a server may Execute the resource. */
        public boolean isExecutable() {
            return this == E;
        }
    }

    /** The LwM2M data types (LwM2M Core, Appendix C) that object 5 uses. */
    public enum DataType {
        /** No value: an executable resource. */
        NONE,
        /** Opaque bytes. */
        OPAQUE,
        /** UTF-8 string. */
        STRING,
        /** Signed integer. */
        INTEGER,
        /** Unsigned integer (LwM2M 1.1). */
        UNSIGNED_INTEGER,
        /** Seconds since the Unix epoch. */
        TIME
    }
}
