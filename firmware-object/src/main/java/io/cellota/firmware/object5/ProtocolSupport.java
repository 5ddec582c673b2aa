package io.cellota.firmware.object5;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The values of Firmware Update Protocol Support {@code /5/0/8} (OMA-SUP-XML_5-V1_1, resource 8):
 * the protocols a client can pull a package with, each tied to the URI scheme a Package URI must use.
 *
 * <p>A server must not write a Package URI whose scheme the client does not list; a client that gets
 * one reports Update Result 9. Values the server does not understand must be ignored, which is why
 * {@link #fromCode(long)} returns empty rather than failing.
 */
public enum ProtocolSupport {
    /** 0: CoAP (RFC 7252) with block-wise transfer; the default. */
    COAP(0, "coap"),
    /** 1: CoAP over DTLS (RFC 7252) with block-wise transfer. */
    COAPS(1, "coaps"),
    /** 2: HTTP 1.1 (RFC 7230). */
    HTTP(2, "http"),
    /** 3: HTTPS 1.1 (RFC 7230). */
    HTTPS(3, "https"),
    /** 4: CoAP over TCP (RFC 8323). */
    COAP_TCP(4, "coap+tcp"),
    /** 5: CoAP over TLS (RFC 8323). */
    COAP_TLS(5, "coaps+tcp");

    private final int code;
    private final String scheme;

    ProtocolSupport(int code, String scheme) {
        this.code = code;
        this.scheme = scheme;
    }

    /** The integer value of the resource instance. */
    public int code() {
        return code;
    }

    /** The URI scheme of a Package URI using this protocol, in lower case, e.g. {@code "coaps+tcp"}. */
    public String scheme() {
        return scheme;
    }

    /** The protocol with this resource value; empty for values this version does not define. */
    public static Optional<ProtocolSupport> fromCode(long code) {
        return Arrays.stream(values()).filter(p -> p.code == code).findFirst();
    }

    /**
     * The protocol for a URI scheme, compared case-insensitively as RFC 3986 section 3.1 requires;
     * empty for {@code null} and unknown schemes.
     */
    public static Optional<ProtocolSupport> fromScheme(String scheme) {
        if (scheme == null) {
            return Optional.empty();
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.scheme.equals(lower)).findFirst();
    }
}
