package io.cellota.server.fileserver;

import java.util.Locale;

/** The transport a package is served over: a label for metrics and logs, named by its URI scheme. */
public enum Transport {
    COAP, COAPS, HTTP, HTTPS;

    /** The transport of a URI scheme ({@code coap}, {@code coaps}, {@code http}, {@code https}), case-insensitive. */
    public static Transport ofScheme(String scheme) {
        return switch (scheme == null ? "" : scheme.toLowerCase(Locale.ROOT)) {
            case "coap" -> COAP;
            case "coaps" -> COAPS;
            case "http" -> HTTP;
            case "https" -> HTTPS;
            default -> throw new IllegalArgumentException("not a delivery scheme: " + scheme);
        };
    }

    /** The URI scheme, lower case. */
    public String scheme() {
        return name().toLowerCase(Locale.ROOT);
    }
}
