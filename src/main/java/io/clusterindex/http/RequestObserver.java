package io.clusterindex.http;

/**
 * Told of every request the server answered, for the metrics ({@code metrics} implements it); {@link #NONE} ignores
 * them. Called on the server's threads after the response is complete: implementations must be quick.
 */
@FunctionalInterface
public interface RequestObserver {
    /** The route label of a request that matched no route (a 404, or a 405 for a method no route has). */
    String UNMATCHED = "_unmatched";
    /** The method label of a request whose method is not one of HTTP's common ones. */
    String OTHER_METHOD = "_other";

    /** Ignores every request. */
    RequestObserver NONE = (method, route, status, nanos) -> {
    };

    /**
     * A request was answered.
     *
     * @param method a common HTTP method ({@code GET}, {@code POST}, ...) or {@link #OTHER_METHOD}
     * @param route  the template of the route that answered it ({@code /v1/clusters/{cluster_identifier}}), never
     *               the path as sent, or {@link #UNMATCHED}: a bounded set of values
     * @param status the response's status code
     * @param nanos  from the request's first handler to its last
     */
    void served(String method, String route, int status, long nanos);
}
