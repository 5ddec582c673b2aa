package io.cellota.firmware.object5;

import static io.cellota.firmware.object5.ObjectVersion.V1_0;
import static io.cellota.firmware.object5.ObjectVersion.V1_1;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * The values of the Update Result resource {@code /5/0/5} (OMA-SUP-XML_5-V1_1, resource 5): 0..9
 * in object version 1.0, 0..11 in version 1.1. Codes 12 and 13 belong to object 33629 only.
 */
public enum UpdateResult {
    /** 0: initial value; reset to 0 whenever a download or an update starts. */
    INITIAL(0, "Initial value", V1_0),
    /** 1: the firmware was updated successfully. */
    SUCCESS(1, "Firmware updated successfully", V1_0),
    /** 2: not enough flash memory for the new firmware package. */
    NOT_ENOUGH_FLASH(2, "Not enough flash memory for the new firmware package", V1_0),
    /** 3: out of RAM during the download. */
    OUT_OF_RAM(3, "Out of RAM during downloading process", V1_0),
    /** 4: the connection was lost during the download. */
    CONNECTION_LOST(4, "Connection lost during downloading process", V1_0),
    /** 5: the integrity check of the downloaded package failed. */
    INTEGRITY_CHECK_FAILURE(5, "Integrity check failure for new downloaded package", V1_0),
    /** 6: the package type is not supported. */
    UNSUPPORTED_PACKAGE_TYPE(6, "Unsupported package type", V1_0),
    /** 7: the Package URI is invalid. */
    INVALID_URI(7, "Invalid URI", V1_0),
    /** 8: installing the downloaded package failed. */
    UPDATE_FAILED(8, "Firmware update failed", V1_0),
    /** 9: the Package URI uses a scheme the client does not support. */
    UNSUPPORTED_PROTOCOL(9, "Unsupported protocol", V1_0),
    /** 10, v1.1: a Cancel was executed successfully. */
    CANCELLED(10, "Firmware update cancelled", V1_1),
    /** 11, v1.1: the user deferred the update. */
    DEFERRED(11, "Firmware update deferred", V1_1);

    private final int code;
    private final String description;
    private final ObjectVersion since;

    UpdateResult(int code, String description, ObjectVersion since) {
        this.code = code;
        this.description = description;
        this.since = since;
    }

    /** The integer value of the Update Result resource. */
    public int code() {
        return code;
    }

    /** The meaning of the code as the object definition words it. */
    public String description() {
        return description;
    }

    /** The object version that introduced this code. */
    public ObjectVersion since() {
        return since;
    }

    /** Whether a client implementing {@code version} of object 5 may report this code. */
    public boolean isValidFor(ObjectVersion version) {
        Objects.requireNonNull(version, "version");
        return version.isAtLeast(since);
    }

    /** Whether this code reports a failed download or update (2 to 9); 10 and 11 are not failures. */
    public boolean isFailure() {
        return code >= 2 && code <= 9;
    }

    /**
     * Whether a download may end with this code and the client back in Idle: 2, 3, 4, 5, 6, 7 or 9
     * (ETS int-773 to 778 and the definition of 9). 8 is the failure of an update, not of a download.
     */
    public boolean isDownloadFailure() {
        return isFailure() && this != UPDATE_FAILED;
    }

    /**
     * Whether an update may end with this code: 8 (back to Downloaded) or 5, the v1.1 example of a
     * failure that sends the client to Idle.
     */
    public boolean isUpdateFailure() {
        return this == UPDATE_FAILED || this == INTEGRITY_CHECK_FAILURE;
    }

    /**
     * The result with this resource value in any object version; empty for anything outside 0..11,
     * because the value comes from a device and must not throw. Check {@link #isValidFor} against the
     * device's object version.
     */
    public static Optional<UpdateResult> fromCode(long code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
    }
}
