package io.cellota.server.fileserver;

import java.util.Objects;

/** The outcome of {@link DownloadAccess#decide}: the device may download, or why it may not. */
public sealed interface AccessDecision {

    /** The device {@code endpoint} may fetch the package. */
    record Allowed(String endpoint) implements AccessDecision {
        public Allowed {
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }

    /** Refused; {@code detail} is for logs. */
    record Denied(Denial denial, String detail) implements AccessDecision {
        public Denied {
            Objects.requireNonNull(denial, "denial");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * Why a download is refused. Over CoAP, the ones where the client did not prove who it is answer 4.01
     * Unauthorized and the others 4.03 Forbidden (RFC 7252 §5.9.2); over HTTP every refusal is 403 Forbidden
     * (a 401 would require an authentication scheme, RFC 9110 §15.5.2).
     */
    enum Denial {
        /** No DTLS identity and no token. */
        NO_CREDENTIALS(true),
        /** The token is not one we could have issued. */
        TOKEN_MALFORMED(true),
        /** The token's MAC does not match. */
        TOKEN_BAD_MAC(true),
        /** The token expired. */
        TOKEN_EXPIRED(true),
        /** The token was issued for another package. */
        TOKEN_WRONG_PACKAGE(false),
        /** The DTLS identity belongs to no known device. */
        UNKNOWN_IDENTITY(true),
        /** The device is known but has no active update for this package. */
        NOT_GRANTED(false);

        private final boolean unauthenticated;

        Denial(boolean unauthenticated) {
            this.unauthenticated = unauthenticated;
        }

        /** Whether the client failed to prove who it is (CoAP 4.01), rather than being known and refused (4.03). */
        public boolean unauthenticated() {
            return unauthenticated;
        }
    }
}
