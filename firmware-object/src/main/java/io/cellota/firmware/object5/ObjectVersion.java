package io.cellota.firmware.object5;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A version of the Firmware Update object definition (OMA registry {@code 5.xml}, "ObjectVersion"
 * and "ObjectURN"), which decides the resources and Update Result codes a client may expose.
 *
 * <ul>
 *   <li>{@link #V1_0}: OMA-SUP-XML_LWM2M_Firmware_Update-V1_0_3, the object of LwM2M 1.0. A client
 *       that registers {@code </5>} without a {@code ver} attribute implements this version.
 *   <li>{@link #V1_1}: OMA-SUP-XML_5-V1_1, normative for LwM2M Core 1.0.2, 1.1 and 1.2. It adds
 *       resources 10 to 13 and Update Results 10 and 11.
 * </ul>
 *
 * <p>There is no Object 5 version 1.2 and no {@code urn:oma:lwm2m:oma:5:1.2}: a LwM2M 1.2 client
 * still uses object 5 version 1.1. Update Results 12 and 13 exist only in the separate Advanced
 * Firmware Update object 33629, which this package does not model.
 */
public enum ObjectVersion {
    /** Object 5 version 1.0: Update Result 0..9, resources 0-3 and 5-9. */
    V1_0("1.0", "urn:oma:lwm2m:oma:5"),
    /** Object 5 version 1.1: Update Result 0..11, resources 0-3 and 5-13. */
    V1_1("1.1", "urn:oma:lwm2m:oma:5:1.1");

    private final String version;
    private final String urn;

    ObjectVersion(String version, String urn) {
        this.version = version;
        this.urn = urn;
    }

    /** The version as written in a registration's {@code ver} attribute, e.g. {@code "1.1"}. */
    public String version() {
        return version;
    }

    /** The object URN of this version, e.g. {@code urn:oma:lwm2m:oma:5:1.1}. */
    public String urn() {
        return urn;
    }

    /** Whether this version is {@code other} or a later one. */
    public boolean isAtLeast(ObjectVersion other) {
        Objects.requireNonNull(other, "other");
        return compareTo(other) >= 0;
    }

    /** The version with this object URN; empty for any other text, including {@code null}. */
    public static Optional<ObjectVersion> fromUrn(String urn) {
        return Arrays.stream(values()).filter(v -> v.urn.equals(urn)).findFirst();
    }

    /**
     * The version named by a registration's {@code ver} attribute ({@code "1.0"} or {@code "1.1"});
     * empty for any other text, including {@code null}. An absent attribute means {@link #V1_0}; that
     * default is the caller's to apply.
     */
    public static Optional<ObjectVersion> fromVersion(String version) {
        return Arrays.stream(values()).filter(v -> v.version.equals(version)).findFirst();
    }
}
