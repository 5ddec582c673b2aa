package io.cellota.server.rest;

/**
 * Every error the API returns: a stable code integrators can match, the HTTP status, and a default message.
 * The body is always {@code {"error": {"code": "...", "message": "..."}}}.
 */
public enum ApiError {
    UNAUTHORIZED(401, "a valid bearer token is required"),
    FORBIDDEN(403, "this token may not do that"),
    NOT_FOUND(404, "no such resource"),
    DEVICE_NOT_FOUND(404, "no such device"),
    FIRMWARE_NOT_FOUND(404, "no such firmware package"),
    UPDATE_NOT_FOUND(404, "no such update"),
    CAMPAIGN_NOT_FOUND(404, "no such campaign"),
    INVALID_REQUEST(400, "the request is malformed"),
    INVALID_FIRMWARE(422, "the package is not a valid firmware image"),
    UNTRUSTED_FIRMWARE(422, "the image is not signed by a trusted key"),
    MISSING_METADATA(422, "name and version are required for this package type"),
    PAYLOAD_TOO_LARGE(413, "the package is larger than allowed"),
    CONFLICT(409, "the request conflicts with the current state"),
    FIRMWARE_IN_USE(409, "the package is used by an update"),
    UPDATE_ACTIVE(409, "the device already has an update in progress"),
    CREDENTIAL_CONFLICT(409, "the credential is already used by another device"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported content type"),
    STORAGE(507, "the server cannot store that now"),
    INTERNAL(500, "internal error");

    private final int status;
    private final String defaultMessage;

    ApiError(int status, String defaultMessage) {
        this.status = status;
        this.defaultMessage = defaultMessage;
    }

    public int status() {
        return status;
    }

    /** The code in responses: the constant's name in lower case, e.g. {@code device_not_found}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
