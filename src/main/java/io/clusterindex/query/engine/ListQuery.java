package io.clusterindex.query.engine;

import java.util.Objects;

/**
 * A validated list request, compiled once: run it with {@link ListEngine#run}. Immutable and thread-safe.
 *
 * @param filter the filter tree ({@code filters}); matches everything when the body has none
 * @param search the {@code search} terms, AND-ed with the filter; {@link Search#NONE} when absent
 * @param sort   the order; {@link SortSpec#DEFAULT} ({@code created_at} descending) when absent
 * @param limit  page size, 1..1000
 * @param offset results to skip, 0..10000
 */
public record ListQuery(Filter filter, Search search, SortSpec sort, int limit, int offset) {
    public ListQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(sort, "sort");
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and offset >= 0");
        }
    }

    /** No filter, no search, default order, first page of 10. */
    public static ListQuery defaults() {
        return new ListQuery(MatchAll.INSTANCE, Search.NONE, SortSpec.DEFAULT, PageParams.DEFAULT_LIMIT,
                PageParams.DEFAULT_OFFSET);
    }
}
