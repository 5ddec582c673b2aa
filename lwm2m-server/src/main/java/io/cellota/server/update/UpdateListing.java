package io.cellota.server.update;

import java.util.List;

/**
 * Pages through the stored updates for the REST API, newest first by creation, with the total that a
 * {@link UpdateQuery} matches. The JDBC store implements it beside {@link UpdateStore}.
 */
public interface UpdateListing {

    /** The most updates one page lists. */
    int MAX_PAGE = 500;

    /**
     * One page of the updates {@code query} matches, newest first (by creation, not by clock).
     *
     * @param offset how many matching updates to skip, from 0
     * @param limit  the most to return, 1..{@value #MAX_PAGE}
     * @throws IllegalArgumentException if {@code offset} or {@code limit} is out of range
     */
    List<DeviceUpdate> list(UpdateQuery query, int offset, int limit);

    /** How many updates {@code query} matches. */
    long count(UpdateQuery query);
}
