package io.clusterindex.engine;

/**
 * The {@code pagination} block of a list response (without the cursor extension). With a cursor, the offset is
 * the number of matches up to the cursor, so the links and page number are those of the equivalent offset page.
 *
 * @param total        number of matches
 * @param page         {@code offset / limit + 1}
 * @param pageSize     {@code limit}
 * @param totalPages   {@code ceil(total / limit)}
 * @param nextPage     {@code /v1/clusters/list?limit=L&offset=offset+L} when {@code offset + limit < total}, else null
 * @param previousPage {@code /v1/clusters/list?limit=L&offset=max(0, offset-L)} when {@code offset > 0}, else null
 */
public record Pagination(long total, int page, int pageSize, long totalPages, String nextPage,
                         String previousPage) {
    private static final String PATH = "/v1/clusters/list";

    public static Pagination of(long total, int limit, long offset) {
        if (total < 0 || limit < 1 || offset < 0) {
            throw new IllegalArgumentException("need total >= 0, limit >= 1, offset >= 0");
        }
        long next = offset + limit;
        return new Pagination(total, (int) Math.min(Integer.MAX_VALUE, offset / limit + 1), limit,
                (total + limit - 1) / limit,
                next < total ? link(limit, next) : null,
                offset > 0 ? link(limit, Math.max(0, offset - limit)) : null);
    }

    private static String link(int limit, long offset) {
        return PATH + "?limit=" + limit + "&offset=" + offset;
    }
}
