package io.cellota.device.radio;

import java.util.Optional;

/** The cellular bearers an nRF91 uses, with their Object 4 Network Bearer (/4/0/0) codes. */
public enum Bearer {
    /** LTE-M (Cat-M1) runs on LTE FDD: code 6. */
    LTE_M(6, "lte-m"),
    /** NB-IoT: code 7. */
    NB_IOT(7, "nb-iot");

    private final int code;
    private final String cliName;

    Bearer(int code, String cliName) {
        this.code = code;
        this.cliName = cliName;
    }

    /** The Object 4 Network Bearer value. */
    public int code() {
        return code;
    }

    public String cliName() {
        return cliName;
    }

    public static Optional<Bearer> named(String name) {
        for (Bearer b : values()) {
            if (b.cliName.equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
