package io.cellota.device.download;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import io.cellota.device.download.DownloadOutcome.Failure;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Optional;

/**
 * What the status and headers of one HTTP response mean for a download, decided before its body is read
 * (RFC 9110 §15, §14.4). The mapping:
 * <ul>
 *   <li>200: the {@link Full} representation from byte 0 (a new version, or a server that ignores Range);</li>
 *   <li>206 with a valid {@code Content-Range}: a {@link Partial} body; without one: INTEGRITY;</li>
 *   <li>416: {@link Unsatisfiable}: the resource is shorter than our position, so it changed;</li>
 *   <li>404, 410, 401, 403: {@link Fatal} INVALID_URI, never retried;</li>
 *   <li>408, 429, 5xx: {@link Retry}, failing with CONNECTION_LOST once out of retries, waiting at least
 *       {@code Retry-After} seconds;</li>
 *   <li>other 4xx: {@link Retry}, failing with INTEGRITY once out of retries;</li>
 *   <li>anything else (1xx, other 2xx, unfollowed 3xx): {@link Fatal} INTEGRITY.</li>
 * </ul>
 */
sealed interface HttpAnswer {

    /** The whole representation; {@code length} is -1 without Content-Length. */
    record Full(long length, Optional<byte[]> etag) implements HttpAnswer {
    }

    /** A byte range of the representation. */
    record Partial(ContentRange range, Optional<byte[]> etag) implements HttpAnswer {
    }

    /** 416: nothing at the requested position. */
    record Unsatisfiable() implements HttpAnswer {
    }

    record Fatal(Failure failure, String reason) implements HttpAnswer {
    }

    record Retry(Failure failure, String reason, Duration atLeast) implements HttpAnswer {
    }

    static HttpAnswer of(int status, HttpHeaders headers) {
        Optional<byte[]> etag = headers.firstValue("ETag").map(value -> value.getBytes(ISO_8859_1));
        String said = "server answered HTTP " + status;
        Duration retryAfter = Duration.ofSeconds(Math.max(0, headers.firstValueAsLong("Retry-After").orElse(0)));
        return switch (status) {
            case 200 -> new Full(headers.firstValueAsLong("Content-Length").orElse(-1), etag);
            case 206 -> headers.firstValue("Content-Range").flatMap(ContentRange::parse)
                    .<HttpAnswer>map(range -> new Partial(range, etag))
                    .orElse(new Fatal(Failure.INTEGRITY, "a 206 without a valid Content-Range"));
            case 416 -> new Unsatisfiable();
            case 404, 410, 401, 403 -> new Fatal(Failure.INVALID_URI, said);
            case 408, 429 -> new Retry(Failure.CONNECTION_LOST, said, retryAfter);
            default -> status >= 500 && status < 600 ? new Retry(Failure.CONNECTION_LOST, said, retryAfter)
                    : status >= 400 && status < 500 ? new Retry(Failure.INTEGRITY, said, retryAfter)
                    : new Fatal(Failure.INTEGRITY, "unexpected " + said);
        };
    }
}
