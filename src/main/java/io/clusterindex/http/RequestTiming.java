package io.clusterindex.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.InternalRouter;
import io.javalin.router.ParsedEndpoint;
import java.util.Set;

/**
 * A before handler that notes when a request started and an after handler that reports it to a
 * {@link RequestObserver} with the template of its route. Javalin runs after handlers once the response is settled,
 * also when a handler or filter threw and the exception was mapped to a response. A request that a filter refused
 * before its route was matched (a 401) is looked up in the router, so that it counts under its route's template.
 */
final class RequestTiming {
    private static final String STARTED = RequestTiming.class.getName() + ".started";
    private static final Set<HandlerType> COMMON_METHODS = Set.copyOf(HandlerType.commonHttp());

    private final RequestObserver observer;
    private volatile InternalRouter router;

    RequestTiming(RequestObserver observer) {
        this.observer = observer;
    }

    /** Where the routes of requests refused before their route was matched are looked up. */
    void resolveWith(InternalRouter routes) {
        this.router = routes;
    }

    void start(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
    }

    void finish(Context ctx) {
        Long started = ctx.attribute(STARTED);
        long nanos = started == null ? 0 : System.nanoTime() - started;
        HandlerType method = ctx.method();
        observer.served(COMMON_METHODS.contains(method) ? method.name() : RequestObserver.OTHER_METHOD, route(ctx),
                ctx.statusCode(), nanos);
    }

    private String route(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint != null) {
            return endpoint.path;
        }
        InternalRouter routes = router;
        ParsedEndpoint found = routes == null ? null : routes.findFirstHttpHandlerEntry(ctx.method(), ctx.path());
        return found == null ? RequestObserver.UNMATCHED : found.endpoint.path;
    }
}
