package io.clusterindex.scatter;

import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.ViewDocument;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code /v1} reads for a tenant's whole namespace, whichever instance receives them: what the HTTP layer asks.
 * Answers never complete exceptionally for a failure to serve: that is a not-served {@link Answer}.
 */
public interface NamespaceReads {
    /** How many partitions {@code cluster-events} has. */
    int eventPartitions();

    CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency);

    /** One cluster by {@code cluster_id}, else by {@code cluster_name}. */
    CompletableFuture<Answer<ViewDocument>> get(Tenant tenant, String identifier, Consistency consistency);

    CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency);
}
