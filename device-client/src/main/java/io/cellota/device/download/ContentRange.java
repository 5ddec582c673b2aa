package io.cellota.device.download;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An HTTP {@code Content-Range: bytes first-last/complete} header of a 206 response (RFC 9110 §14.4), with
 * {@code complete} absent when the server wrote {@code *}. Parsed from untrusted input: anything malformed or
 * inconsistent is no range at all.
 *
 * @param first    the offset of the first byte sent
 * @param last     the offset of the last byte sent (inclusive)
 * @param complete the length of the whole representation, when known
 */
record ContentRange(long first, long last, OptionalLong complete) {

    private static final Pattern BYTES = Pattern.compile("bytes (\\d{1,18})-(\\d{1,18})/(\\d{1,18}|\\*)");

    static Optional<ContentRange> parse(String header) {
        Matcher matcher = BYTES.matcher(header.strip());
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long first = Long.parseLong(matcher.group(1));
        long last = Long.parseLong(matcher.group(2));
        OptionalLong complete = matcher.group(3).equals("*") ? OptionalLong.empty()
                : OptionalLong.of(Long.parseLong(matcher.group(3)));
        if (last < first || (complete.isPresent() && last >= complete.getAsLong())) {
            return Optional.empty();
        }
        return Optional.of(new ContentRange(first, last, complete));
    }

    long length() {
        return last - first + 1;
    }
}
