package io.cellota.server.repository;

/**
 * One page of a newest-first listing: skip {@code offset} packages, return at most {@code limit}.
 *
 * @param offset how many packages to skip, from 0
 * @param limit  the most to return, 1..{@value #MAX_LIMIT}
 */
public record PageRequest(int offset, int limit) {

    public static final int MAX_LIMIT = 500;

    public PageRequest {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
    }

    /** The newest {@code limit} packages. */
    public static PageRequest first(int limit) {
        return new PageRequest(0, limit);
    }

    /** The page after this one. */
    public PageRequest next() {
        return withOffset(offset + limit);
    }

    public PageRequest withOffset(int newOffset) {
        return new PageRequest(newOffset, limit);
    }
}
