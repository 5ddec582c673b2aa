package io.cellota.device.download;

import io.cellota.device.download.DownloadOutcome.Failed;
import io.cellota.device.download.DownloadOutcome.Failure;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.californium.core.coap.BlockOption;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Response;

/**
 * What one CoAP response to a Block2 request means for the download, decided from the response alone
 * (RFC 7959 §2.2–2.4, RFC 7252 §5.9). The mapping of codes:
 * <ul>
 *   <li>2.05 with a Block2 option at the requested offset, no larger than requested: a {@link Block}. A
 *       different offset, a larger block, BERT, or a payload that does not fill a block marked "more":
 *       {@link Fatal} INTEGRITY.</li>
 *   <li>2.05 without Block2 to a request for offset 0: the whole resource, as one last {@link Block}; at a
 *       later offset: INTEGRITY (the server ignores block-wise requests).</li>
 *   <li>4.04, 4.01, 4.03: {@link Fatal} INVALID_URI, never retried.</li>
 *   <li>4.02 to a request past offset 0: {@link BeyondEnd} (RFC 7959 §2.2: no such block).</li>
 *   <li>5.xx, 4.29: {@link Retry}, failing with CONNECTION_LOST once the block's retries are used up;
 *       5.03 and 4.29 wait at least their Max-Age.</li>
 *   <li>Other 4.xx: {@link Retry}, failing with INTEGRITY once the retries are used up.</li>
 *   <li>Any other success code: {@link Fatal} INTEGRITY.</li>
 * </ul>
 */
sealed interface BlockAnswer {

    /** One block of the resource. */
    record Block(long offset, int size, boolean more, byte[] payload, Optional<byte[]> etag, OptionalLong size2)
            implements BlockAnswer {

        long end() {
            return offset + payload.length;
        }

        /** The resource size this block tells: its Size2, or its end when it is the last block. */
        OptionalLong impliedSize() {
            return more ? size2 : OptionalLong.of(end());
        }

        /** Why this block cannot be taken, given the size known so far and the slot's capacity. */
        Optional<Failed> conflict(OptionalLong knownSize, long capacity) {
            if (!more && size2.isPresent() && size2.getAsLong() != end()) {
                return failed(Failure.INTEGRITY, "Size2 " + size2.getAsLong() + " but the last block ends at " + end());
            }
            OptionalLong implied = impliedSize();
            if (implied.isPresent() && knownSize.isPresent() && implied.getAsLong() != knownSize.getAsLong()) {
                return failed(Failure.INTEGRITY, "size changed from " + knownSize.getAsLong() + " to "
                        + implied.getAsLong());
            }
            long known = implied.orElse(knownSize.orElse(-1));
            if (known > capacity || end() > capacity) {
                return failed(Failure.TOO_LARGE, "the package (" + Math.max(known, end()) + " bytes or more) exceeds the "
                        + capacity + "-byte slot");
            }
            if (more && known >= 0 && end() >= known) {
                return failed(Failure.INTEGRITY, "block at " + offset + " says more follows past size " + known);
            }
            return Optional.empty();
        }

        private static Optional<Failed> failed(Failure failure, String message) {
            return Optional.of(new Failed(failure, message));
        }
    }

    /** The requested block lies past the end of the resource. */
    record BeyondEnd() implements BlockAnswer {
    }

    /** The download cannot go on. */
    record Fatal(Failure failure, String reason) implements BlockAnswer {
    }

    /** Try the block again after at least {@code atLeast}; fail with {@code failure} when out of retries. */
    record Retry(Failure failure, String reason, Duration atLeast) implements BlockAnswer {
    }

    /** Classifies {@code response} to a request for the block of {@code requestSize} bytes at {@code requestOffset}. */
    static BlockAnswer of(Response response, long requestOffset, int requestSize) {
        ResponseCode code = response.getCode();
        OptionSet options = response.getOptions();
        return switch (code) {
            case CONTENT -> content(response, requestOffset, requestSize);
            case NOT_FOUND, UNAUTHORIZED, FORBIDDEN -> new Fatal(Failure.INVALID_URI, "server answered " + code);
            case BAD_OPTION -> requestOffset > 0 ? new BeyondEnd()
                    : new Retry(Failure.INTEGRITY, "server answered " + code, Duration.ZERO);
            case SERVICE_UNAVAILABLE, TOO_MANY_REQUESTS -> new Retry(Failure.CONNECTION_LOST, "server answered " + code,
                    options.hasMaxAge() ? Duration.ofSeconds(options.getMaxAge()) : Duration.ZERO);
            default -> code.isServerError()
                    ? new Retry(Failure.CONNECTION_LOST, "server answered " + code, Duration.ZERO)
                    : code.isClientError()
                            ? new Retry(Failure.INTEGRITY, "server answered " + code, Duration.ZERO)
                            : new Fatal(Failure.INTEGRITY, "unexpected " + code + " to a block request");
        };
    }

    private static BlockAnswer content(Response response, long requestOffset, int requestSize) {
        OptionSet options = response.getOptions();
        byte[] payload = response.getPayload() == null ? new byte[0] : response.getPayload();
        Optional<byte[]> etag = options.getETagCount() > 0 ? Optional.of(options.getETags().get(0)) : Optional.empty();
        BlockOption block2 = options.getBlock2();
        if (block2 == null) {
            return requestOffset == 0
                    ? new Block(0, Math.max(requestSize, payload.length), false, payload, etag,
                            OptionalLong.of(payload.length))
                    : new Fatal(Failure.INTEGRITY, "no Block2 in the answer for offset " + requestOffset);
        }
        if (block2.isBERT() || block2.getSize() > requestSize) {
            return new Fatal(Failure.INTEGRITY,
                    "asked for " + requestSize + "-byte blocks, got " + (block2.isBERT() ? "BERT" : block2.getSize()));
        }
        if (block2.getOffset() != requestOffset) {
            return new Fatal(Failure.INTEGRITY, "asked for offset " + requestOffset + ", got " + block2.getOffset());
        }
        if (payload.length > block2.getSize() || (block2.isM() && payload.length != block2.getSize())) {
            return new Fatal(Failure.INTEGRITY, "block " + block2 + " carries " + payload.length + " bytes");
        }
        OptionalLong size2 = options.hasSize2() ? OptionalLong.of(options.getSize2() & 0xFFFF_FFFFL)
                : OptionalLong.empty();
        return new Block(requestOffset, block2.getSize(), block2.isM(), payload, etag, size2);
    }
}
