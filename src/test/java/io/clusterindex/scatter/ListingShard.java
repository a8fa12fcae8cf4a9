package io.clusterindex.scatter;

import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.ViewDocument;
import java.util.concurrent.CompletableFuture;

/** A fake {@link Shard} for tests of lists only: asked for a cluster or stats, it throws. */
public abstract class ListingShard implements Shard {
    @Override
    public CompletableFuture<Answer<ViewDocument>> cluster(Tenant tenant, String clusterId, Consistency consistency) {
        throw new UnsupportedOperationException("a list test asked for a cluster");
    }

    @Override
    public CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency) {
        throw new UnsupportedOperationException("a list test asked for stats");
    }
}
