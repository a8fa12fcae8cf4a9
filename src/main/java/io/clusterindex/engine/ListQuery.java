package io.clusterindex.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.filter.Filter;
import io.clusterindex.filter.MatchAll;
import io.clusterindex.filter.Search;
import java.util.Objects;

/**
 * A validated list request, compiled once: run it with {@link ListEngine#run}. Immutable and thread-safe.
 *
 * @param filter the filter tree ({@code filters}); matches everything when the body has none
 * @param search the {@code search} terms, AND-ed with the filter; {@link Search#NONE} when absent
 * @param sort   the order; {@link SortSpec#DEFAULT} ({@code created_at} descending) when absent
 * @param limit  page size, 1..1000
 * @param offset results to skip, 0..10000 (0 with a cursor)
 * @param after  the {@code cursor}: only clusters after it in the order make the page; null without one
 * @param binding the digest of the request body and limit that cursors of this request carry
 */
public record ListQuery(Filter filter, Search search, SortSpec sort, int limit, int offset, Cursor after,
                        String binding) {
    /** The page size of a request without {@code limit}. */
    public static final int DEFAULT_LIMIT = 10;
    /** The offset of a request without {@code offset}. */
    public static final int DEFAULT_OFFSET = 0;

    public ListQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(search, "search");
        Objects.requireNonNull(sort, "sort");
        Objects.requireNonNull(binding, "binding");
        if (limit < 1 || offset < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and offset >= 0");
        }
        if (after != null && offset != 0) {
            throw new IllegalArgumentException("a cursor replaces the offset");
        }
    }

    /** A query without cursor, for a request without body. */
    public ListQuery(Filter filter, Search search, SortSpec sort, int limit, int offset) {
        this(filter, search, sort, limit, offset, null, Cursor.binding(null, limit));
    }

    /** The cursor just after {@code cluster}, a result of this query. */
    public Cursor cursorAfter(ObjectNode cluster) {
        return Cursor.after(cluster, sort, binding);
    }

    /** No filter, no search, default order, first page of 10. */
    public static ListQuery defaults() {
        return new ListQuery(MatchAll.INSTANCE, Search.NONE, SortSpec.DEFAULT, DEFAULT_LIMIT, DEFAULT_OFFSET);
    }
}
