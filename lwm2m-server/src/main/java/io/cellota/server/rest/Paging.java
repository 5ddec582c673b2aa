package io.cellota.server.rest;

import io.javalin.http.Context;

/** {@code ?offset=&limit=} with bounds: offset ≥ 0, limit 1..500 (default 50). */
record Paging(int offset, int limit) {

    static final int MAX_LIMIT = 500;

    static Paging of(Context ctx) {
        int offset = integer(ctx, "offset", 0);
        int limit = integer(ctx, "limit", 50);
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(ApiError.INVALID_REQUEST, "offset must be ≥ 0 and limit 1.." + MAX_LIMIT);
        }
        return new Paging(offset, limit);
    }

    private static int integer(Context ctx, String name, int fallback) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiException(ApiError.INVALID_REQUEST, name + " must be an integer, was '" + v + "'");
        }
    }
}
