package io.clusterindex.scatter;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Stats;
import java.util.concurrent.CompletableFuture;

/** A fake {@link Shard} for tests of lists only: asked for a cluster or stats, it throws. */
public abstract class ListingShard implements Shard {
    @Override
    public CompletableFuture<Answer<ObjectNode>> cluster(Tenant tenant, String clusterId, Consistency consistency) {
        throw new UnsupportedOperationException("a list test asked for a cluster");
    }

    @Override
    public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
        throw new UnsupportedOperationException("a list test asked for stats");
    }
}
