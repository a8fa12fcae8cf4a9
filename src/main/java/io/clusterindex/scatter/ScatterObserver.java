package io.clusterindex.scatter;

/**
 * What scatter-gather reports as it answers, for the metrics ({@code metrics} implements it); {@link #NONE} ignores
 * everything. Called on the threads that gather the answers: implementations must be quick and never block.
 */
public interface ScatterObserver {
    /** Ignores everything. */
    ScatterObserver NONE = new ScatterObserver() {
    };

    /** A list asked {@code instances} instances at once for their shares (its first round, before any fail-over). */
    default void fannedOut(int instances) {
    }

    /** One fail-over round offered {@code partitions} missing partitions to instances keeping other copies. */
    default void failedOver(int partitions) {
    }

    /** An answer was served in part from standby or restoring copies ({@code X-View-Stale}). */
    default void servedStale() {
    }

    /** A list could not be served: some partitions had no copy that answered (a 503 unless its retry succeeds). */
    default void notCovered() {
    }

    /**
     * The second phase of a two-phase list found a page cluster changed since its key was read, or could not fetch
     * it: the list runs again.
     */
    default void refetched() {
    }

    /** An instance asked for its share could not be reached, failed, or did not answer by its deadline. */
    default void unreachable() {
    }
}
