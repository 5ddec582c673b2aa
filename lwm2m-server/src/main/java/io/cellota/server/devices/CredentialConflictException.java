package io.cellota.server.devices;

/** A credential clashes with another device's (a PSK identity is already in use). */
public final class CredentialConflictException extends Exception {

    private static final long serialVersionUID = 1L;

    public CredentialConflictException(String message) {
        super(message);
    }
}
