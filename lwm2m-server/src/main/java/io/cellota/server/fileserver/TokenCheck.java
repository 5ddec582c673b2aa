package io.cellota.server.fileserver;

import java.time.Instant;
import java.util.Objects;

/** What {@link DownloadTokens#verify} found: a valid token and the device it was issued to, or why not. */
public sealed interface TokenCheck {

    /** The token is authentic, for this package, and not expired; it was issued to {@code endpoint}. */
    record Valid(String endpoint, Instant expiry) implements TokenCheck {
        public Valid {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(expiry, "expiry");
        }
    }

    /** The token is refused; {@code detail} says why in words fit for a log (never the token or the MAC). */
    record Invalid(Failure failure, String detail) implements TokenCheck {
        public Invalid {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Why a token is refused, in the order they are checked. */
    enum Failure {
        /** Not base64url, the wrong length or version, or an endpoint that is not UTF-8. */
        MALFORMED,
        /** Well formed, but issued for another package. */
        WRONG_PACKAGE,
        /** The MAC does not match: forged, altered, or issued under another secret. */
        BAD_MAC,
        /** Authentic, but its expiry has passed. */
        EXPIRED
    }
}
