package io.cellota.server.rest;

import java.util.List;

/** One page of a listing: the items, where it starts, its size limit, and the total that match. */
public record Page<T>(List<T> items, int offset, int limit, long total) {

    public Page {
        items = List.copyOf(items);
    }
}
