package io.cellota.server.fileserver;

import java.util.Objects;

/**
 * What a download request presents to prove who asks: the DTLS identity of a CoAPs peer, a token from the URI
 * (CoAP, HTTP), or nothing. Over CoAPs the identity is used even if the URI also carries a token.
 */
public sealed interface Credentials {

    /** An authenticated DTLS peer. */
    record Peer(PeerIdentity identity) implements Credentials {
        public Peer {
            Objects.requireNonNull(identity, "identity");
        }
    }

    /** A token taken from the Package URI; unverified. {@link #toString()} hides it. */
    record Token(String value) implements Credentials {
        public Token {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "Token[" + value.length() + " characters]";
        }
    }

    /** Nothing at all. */
    record None() implements Credentials {
    }
}
