package io.cellota.server.devices;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tags (groups) of devices, which campaigns target: a set of short names per endpoint, kept durably and set
 * before or after a device first registers. {@link JdbcDeviceTags} keeps them in the database; implementations are
 * safe to call from several threads.
 */
public interface DeviceTags {

    /** The most tags one device carries. */
    int MAX_TAGS = 32;

    /** A tag: 1 to 64 letters, digits, {@code .}, {@code _}, {@code :} or {@code -}. */
    Pattern TAG = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** The device's tags; empty for a device without any (or unknown). */
    Set<String> tags(String endpoint);

    /**
     * Replaces the device's tags with {@code tags} (empty removes them all) and returns them as stored.
     *
     * @throws IllegalArgumentException if a tag breaks {@link #TAG}, there are more than {@link #MAX_TAGS}, or the
     *                                  endpoint is blank or longer than 255 characters
     */
    Set<String> replace(String endpoint, Set<String> tags);

    /** The devices carrying at least one of {@code tags}. */
    Set<String> tagged(Set<String> tags);

    /** Checks {@code tag} is one {@link #TAG} allows and returns it. */
    static String requireValid(String tag) {
        Objects.requireNonNull(tag, "tag");
        if (!TAG.matcher(tag).matches()) {
            throw new IllegalArgumentException("a tag is 1 to 64 letters, digits, '.', '_', ':' or '-': '" + tag + "'");
        }
        return tag;
    }

    /** Checks a whole set of tags for {@code endpoint} and returns it copied. */
    static Set<String> requireValid(String endpoint, Set<String> tags) {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.isBlank() || endpoint.length() > 255) {
            throw new IllegalArgumentException("an endpoint name is 1 to 255 characters, not blank");
        }
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException("a device carries at most " + MAX_TAGS + " tags, not " + tags.size());
        }
        tags.forEach(DeviceTags::requireValid);
        return Set.copyOf(tags);
    }
}
