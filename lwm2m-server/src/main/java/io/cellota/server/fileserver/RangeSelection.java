package io.cellota.server.fileserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which bytes of a package an HTTP GET gets, from its {@code Range} and {@code If-Range} headers (RFC 9110
 * §14.1–14.2, §13.1.5): the whole package (200), one range (206), or nothing (416). Only single byte ranges
 * are served:
 * <ul>
 *   <li>{@code bytes=a-b}, {@code bytes=a-} and the suffix {@code bytes=-n}; a last position past the end is
 *       clamped to it, a suffix longer than the package means all of it;</li>
 *   <li>a first position at or past the end, or a suffix of 0, is unsatisfiable: 416;</li>
 *   <li>a Range that does not parse, names another unit, or holds more than one range is ignored (the server
 *       may ignore any Range, §14.2): 200 with the whole package, never multipart/byteranges;</li>
 *   <li>an If-Range that is not exactly the package's strong ETag (another tag, a weak one, or a date: we send
 *       no Last-Modified) makes the Range ignored: 200 with the whole, current package.</li>
 * </ul>
 * Numbers too large for a {@code long} are read as {@link Long#MAX_VALUE}, which is what they mean here.
 * A header longer than {@link #MAX_HEADER_CHARS} is ignored unread.
 */
sealed interface RangeSelection {

    /** The longest Range header read. */
    int MAX_HEADER_CHARS = 1024;

    /** The whole package, 200. */
    record Whole() implements RangeSelection {
    }

    /** Bytes {@code first..last} (inclusive) of a package of {@code size} bytes, 206. */
    record Part(long first, long last, long size) implements RangeSelection {
        long length() {
            return last - first + 1;
        }

        /** The Content-Range value, e.g. {@code bytes 0-99/1000}. */
        String contentRange() {
            return "bytes " + first + "-" + last + "/" + size;
        }
    }

    /** No byte of the package is in the range, 416. */
    record Unsatisfiable(long size) implements RangeSelection {
        /** The Content-Range value of a 416, e.g. {@code bytes * /1000} without the space. */
        String contentRange() {
            return "bytes */" + size;
        }
    }

    /**
     * The selection for a GET of a {@code size}-byte package with ETag {@code etag}.
     *
     * @param range   the Range header, or null
     * @param ifRange the If-Range header, or null
     */
    static RangeSelection of(String range, String ifRange, String etag, long size) {
        if (range == null) {
            return new Whole();
        }
        if (ifRange != null && !ifRange.strip().equals(etag)) {
            return new Whole();
        }
        return of(range, size);
    }

    /** The selection for a Range header alone. */
    static RangeSelection of(String range, long size) {
        if (range == null || range.length() > MAX_HEADER_CHARS) {
            return new Whole();
        }
        int equals = range.indexOf('=');
        if (equals < 0 || !range.substring(0, equals).toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole();
        }
        List<String> specs = new ArrayList<>();
        for (String element : range.substring(equals + 1).split(",", -1)) {
            String spec = element.strip();
            if (!spec.isEmpty()) {
                specs.add(spec);
            }
        }
        if (specs.size() != 1) {
            return new Whole();
        }
        return single(specs.get(0), size);
    }

    private static RangeSelection single(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new Whole();
        }
        String first = spec.substring(0, dash);
        String last = spec.substring(dash + 1);
        if (first.isEmpty()) {
            long suffix = digits(last);
            if (suffix < 0) {
                return new Whole();
            }
            if (suffix == 0) {
                return new Unsatisfiable(size);
            }
            return size == 0 ? new Whole() : new Part(Math.max(0, size - suffix), size - 1, size);
        }
        long from = digits(first);
        long to = last.isEmpty() ? Long.MAX_VALUE : digits(last);
        if (from < 0 || to < 0 || to < from) {
            return new Whole();
        }
        return from >= size ? new Unsatisfiable(size) : new Part(from, Math.min(to, size - 1), size);
    }

    /** A run of ASCII digits as a number, saturating at {@link Long#MAX_VALUE}; -1 when not all digits. */
    private static long digits(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int digit = c - '0';
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
        }
        return value;
    }
}
