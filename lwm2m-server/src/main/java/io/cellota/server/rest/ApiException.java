package io.cellota.server.rest;

/** An API request that cannot be served, with the catalogue entry that says why. */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ApiError error;

    public ApiException(ApiError error, String message) {
        super(message == null ? error.defaultMessage() : message);
        this.error = error;
    }

    public ApiException(ApiError error) {
        this(error, null);
    }

    public ApiError error() {
        return error;
    }
}
