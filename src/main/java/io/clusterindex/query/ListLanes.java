package io.clusterindex.query;

import io.clusterindex.engine.ListQuery;
import io.clusterindex.index.ViewIndex;

/**
 * The turns of index list queries, in two lanes. Most queries cost milliseconds and share the admission's permits.
 * A query with a regex the index cannot narrow ({@link ViewIndex#evaluatesEveryValue}) runs its pattern over every
 * distinct value of the field, seconds at a million clusters: such queries take turns in a lane of their own, one at
 * a time, with the same queue and wait, so that a client sending them holds up its own kind and not everyone
 * else's. At most the admission's concurrency plus one list queries run at once.
 */
final class ListLanes {
    private final Permits lists;
    private final Permits unnarrowed;

    ListLanes(Admission admission) {
        this.lists = new Permits(admission, "list queries");
        this.unnarrowed = new Permits(new Admission(1, admission.queue(), admission.maxWait()),
                "list queries with a regex the index cannot narrow");
    }

    /**
     * Whether a query holding its turn in {@code lane} ({@link #of}) may spread its partitions over the cores that
     * idle now: it is of the common lane, nobody waits in either lane and no query of the other lane runs. Under list
     * load it may not, so that a core stays free for gets, stats and the stream thread; a query with a regex the
     * index cannot narrow never does.
     */
    boolean mayUseIdleCores(Permits lane) {
        return lane == lists && lists.waiting() == 0 && unnarrowed.waiting() == 0 && unnarrowed.running() == 0;
    }

    /** The lane of {@code query}. */
    Permits of(ListQuery query) {
        return ViewIndex.evaluatesEveryValue(query) ? unnarrowed : lists;
    }
}
