package io.cellota.firmware.signing;

/** A key file that cannot be used: unreadable, of an unsupported kind, or the wrong kind for the job. */
public final class KeyFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public KeyFormatException(String message) {
        super(message);
    }

    public KeyFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
