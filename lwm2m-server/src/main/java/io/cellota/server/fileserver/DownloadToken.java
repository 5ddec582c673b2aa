package io.cellota.server.fileserver;

import java.time.Instant;
import java.util.Objects;

/**
 * A token as {@link DownloadTokens#issue} made it: the text for the Package URI and the instant it stops
 * being accepted. {@link #toString()} shows only the expiry, so a token never ends up in a log by accident.
 */
public record DownloadToken(String value, Instant expiry) {

    public DownloadToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiry, "expiry");
    }

    @Override
    public String toString() {
        return "DownloadToken[expiry=" + expiry + "]";
    }
}
