package io.cellota.server.rest;

/**
 * Every error the API returns: a stable code integrators can match, the HTTP status, and a default message.
 * The body is always {@code {"error": {"code": "...", "message": "..."}}}.
 */
public enum ApiError {
    UNAUTHORIZED(401, "sign in, or send a valid bearer token"),
    FORBIDDEN(403, "your role may not do that"),
    CSRF_REJECTED(403, "the request lacks the session's CSRF token or comes from another site"),
    NOT_FOUND(404, "no such resource"),
    DEVICE_NOT_FOUND(404, "no such device"),
    FIRMWARE_NOT_FOUND(404, "no such firmware package"),
    UPDATE_NOT_FOUND(404, "no such update"),
    CAMPAIGN_NOT_FOUND(404, "no such campaign"),
    WEBHOOK_NOT_FOUND(404, "no such webhook"),
    USER_NOT_FOUND(404, "no such user"),
    TOKEN_NOT_FOUND(404, "no such API token"),
    OPERATION_NOT_FOUND(404, "no such held operation"),
    INVALID_REQUEST(400, "the request is malformed"),
    INVALID_FIRMWARE(422, "the package is not a valid firmware image"),
    UNTRUSTED_FIRMWARE(422, "the image is not signed by a trusted key"),
    MISSING_METADATA(422, "name and version are required for this package type"),
    PAYLOAD_TOO_LARGE(413, "the package is larger than allowed"),
    CONFLICT(409, "the request conflicts with the current state"),
    FIRMWARE_IN_USE(409, "the package is used by an update"),
    UPDATE_ACTIVE(409, "the device already has an update in progress"),
    CREDENTIAL_CONFLICT(409, "the credential is already used by another device"),
    USER_EXISTS(409, "a user of that name exists"),
    LAST_ADMIN(409, "that would leave no admin"),
    DEVICE_NOT_REGISTERED(409, "the device is not registered now"),
    DEVICE_ASLEEP(409, "the device is asleep; it can be reached after its next uplink"),
    TOO_MANY_ATTEMPTS(429, "too many failed sign-ins; try again later"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported content type"),
    STORAGE(507, "the server cannot store that now"),
    INTERNAL(500, "internal error"),
    DEVICE_TIMEOUT(504, "the device did not answer in time");

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
