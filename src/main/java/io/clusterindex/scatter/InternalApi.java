package io.clusterindex.scatter;

/**
 * The internal endpoint instances call on each other (not part of the public API): paths and headers. Every
 * request carries the shared credential ({@code X-Internal-Token}) and the tenant that the calling instance has
 * already authenticated ({@value #ORGANIZATION}, {@value #NAMESPACE}); the list request's body and query string are
 * the public request's, unchanged.
 */
public final class InternalApi {
    public static final String PREFIX = "/internal/v1";
    public static final String LIST = PREFIX + "/clusters/list";
    /** {@link Shard#listCopies}: the partitions to answer for are in {@value #PARTITIONS}. */
    public static final String LIST_COPIES = PREFIX + "/clusters/list-copies";
    public static final String CLUSTER = PREFIX + "/clusters/by-id";
    /**
     * Version 2, the two-phase list: {@link #KEYS} answers {@link Shard#keys} (the list request as for {@link #LIST}),
     * {@link #FETCH} answers {@link Shard#fetch}. An instance that answers 404 to {@link #KEYS} predates it: it is
     * asked {@link #LIST} instead.
     */
    public static final String PREFIX_V2 = "/internal/v2";
    public static final String KEYS = PREFIX_V2 + "/clusters/keys";
    public static final String FETCH = PREFIX_V2 + "/clusters/fetch";
    public static final String STATS = PREFIX + "/clusters/stats";
    public static final String CLUSTER_ID = "cluster_id";
    public static final String ORGANIZATION = "X-Organization-Id";
    public static final String NAMESPACE = "X-Namespace-Id";
    public static final String MIN_OFFSETS = "X-Min-Offsets";
    public static final String WAIT_MS = "X-Wait-Ms";
    public static final String PARTITIONS = "X-Partitions";

    private InternalApi() {
    }
}
