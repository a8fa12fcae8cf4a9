package io.clusterindex.scatter;

import io.clusterindex.auth.Tenant;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.ViewDocument;
import java.util.List;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;

/**
 * One instance's share of a request: this instance itself ({@link LocalShard}) or another one ({@link PeerShard}).
 * Every answer found (or not found) names in its {@link Basis} the positions it reflects (taken after any wait,
 * before the query), the source partitions it covers and the lags of any stale copies it used. Answers come as futures
 * that never hold a thread while they wait (for offsets, for a peer), and never complete exceptionally for a failure
 * to serve: that is a not-served answer.
 */
public interface Shard {
    /** The first {@code offset + limit} matches of the request among this instance's partitions, with total and stats. */
    CompletableFuture<Answer<ListPage>> list(Tenant tenant, ListRequest request, Consistency consistency);

    /**
     * Phase one of a two-phase list: {@link #list} as sort keys and sequences, with the documents left out where
     * {@link #fetch} can read them afterwards. By default, the share with its documents (nothing to fetch).
     */
    default CompletableFuture<Answer<KeyPage>> keys(Tenant tenant, ListRequest request, Consistency consistency) {
        SortOrder order = SortOrder.of(request.query().sort());
        return list(tenant, request, consistency).thenApply(answer -> answer.map(share -> KeyPage.of(order, share)));
    }

    /**
     * Phase two: the documents of {@code wanted} (keys this instance answered in {@link #keys}), in that order, each
     * null unless it is still at the key's sequence. Never waits for offsets: the sequences pin the versions.
     */
    default CompletableFuture<Answer<List<ViewDocument>>> fetch(Tenant tenant, List<KeyPage.PageKey> wanted) {
        return CompletableFuture.completedFuture(Answer.notServed(FailureReason.REFUSED,
                "this instance cannot fetch documents by key"));
    }

    /**
     * The final page of the request, when this instance alone holds every partition: only the page's documents are
     * read (not the first {@code offset + limit}). By default, the share merged with nothing else.
     */
    default CompletableFuture<Answer<ListPage>> listAlone(Tenant tenant, ListRequest request, Consistency consistency) {
        return list(tenant, request, consistency).thenApply(answer ->
                answer.map(share -> PageMerge.merge(request.query(), List.of(share))));
    }

    /**
     * The share of the request ({@link ListRequest#shareOf}) over exactly {@code partitions} of
     * {@code cluster-events}, from whichever copy of them this instance keeps: a running active task (through the
     * view index), a task still restoring or a standby replica (a full scan of its store, flagged in
     * {@link Basis#lags()}). Used when the instance running a partition's active task cannot answer.
     * Never waits: a copy that has not reached the request's {@code X-Min-Offsets}, or that is more than the
     * configured lag behind, does not serve. The answer may cover only some of {@code partitions}.
     */
    CompletableFuture<Answer<ListPage>> listCopies(Tenant tenant, ListRequest request, SortedSet<Integer> partitions,
                                                   Consistency consistency);

    /** The tenant's cluster with this id, if this instance's store holds it (else not found). */
    CompletableFuture<Answer<ViewDocument>> cluster(Tenant tenant, String clusterId, Consistency consistency);

    /** The namespace's running stats as held here (zeros when this instance holds none for it). */
    CompletableFuture<Answer<Stats>> stats(Tenant tenant, Consistency consistency);
}
