package io.clusterindex.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Random;

/** Public access to the engine tests' random views and random valid list requests, for tests in other packages. */
public final class RandomListing {
    /** A random valid request: body, and raw {@code limit} / {@code offset} parameters (null: absent). */
    public record Request(ObjectNode body, String limit, String offset) {
    }

    private final RandomListRequests requests;

    /** Requests whose values are mostly sampled from {@code view}, so that conditions hit. */
    public RandomListing(Random random, List<ObjectNode> view) {
        this.requests = new RandomListRequests(random, view);
    }

    public static List<ObjectNode> view(Random random, int size) {
        return RandomClusterView.generate(random, size);
    }

    public Request next() {
        RandomListRequests.Request request = requests.next();
        return new Request(request.body(), request.limit(), request.offset());
    }
}
