package io.clusterindex.scatter;

import io.clusterindex.engine.ListQuery;
import java.util.Arrays;
import java.util.Objects;

/**
 * A list request as it came in ({@code body} bytes, raw {@code queryString}, both passed unchanged to the other
 * instances, which parse them the same way) and as parsed here ({@code query}).
 */
public record ListRequest(byte[] body, String queryString, ListQuery query) {
    public ListRequest {
        body = body == null ? new byte[0] : body.clone();
        queryString = queryString == null ? "" : queryString;
        Objects.requireNonNull(query, "query");
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ListRequest that && Arrays.equals(body, that.body)
                && queryString.equals(that.queryString) && query.equals(that.query);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(body), queryString, query);
    }

    @Override
    public String toString() {
        return "ListRequest[" + queryString + ", " + body.length + " bytes]";
    }

    /**
     * The query each instance runs for its share: its first {@code offset + limit} matches (with a cursor, its first
     * {@code limit} after it), since any of them may belong to the merged page.
     */
    public static ListQuery shareOf(ListQuery query) {
        return new ListQuery(query.filter(), query.search(), query.sort(), query.offset() + query.limit(), 0,
                query.after(), query.binding());
    }
}
