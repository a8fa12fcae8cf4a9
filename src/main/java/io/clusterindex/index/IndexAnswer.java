package io.clusterindex.index;

import io.clusterindex.engine.ListPage;
import java.util.Set;

/** What {@link ViewIndex#list} answers. */
public sealed interface IndexAnswer {
    /** The page, exactly as {@link ListEngine} over the same clusters would give it. */
    record Answered(ListPage page) implements IndexAnswer {
    }

    /** Partitions of this instance whose index is not loaded yet (their task is starting or restoring). */
    record NotLoaded(Set<Integer> partitions) implements IndexAnswer {
    }

    /** The index cannot answer this query exactly; the caller must use the full scan. */
    record Unsupported(String reason) implements IndexAnswer {
    }
}
