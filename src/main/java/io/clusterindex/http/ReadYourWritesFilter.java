package io.clusterindex.http;

import io.clusterindex.scatter.Consistency;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The {@code /v1} step between authentication and the handler: reads {@code X-Min-Offsets} / {@code X-Wait-Ms}
 * into a {@link Consistency} for the handler, whose instances each wait for the partitions they host, and sets a
 * first {@code X-View-Offsets} (this instance's positions) that the handler replaces with the positions its answer
 * reflects; error responses after this point carry it too. A malformed header, or a partition that
 * {@code cluster-events} does not have, is a 400.
 */
final class ReadYourWritesFilter {
    private static final String CONSISTENCY = "read-your-writes.consistency";

    private final Supplier<SortedMap<Integer, Long>> positions;
    private final int eventPartitions;

    /** @param positions this instance's view positions now (its {@code ReadYourWrites#positions}) */
    ReadYourWritesFilter(Supplier<SortedMap<Integer, Long>> positions, int eventPartitions) {
        this.positions = positions;
        this.eventPartitions = eventPartitions;
    }

    void before(Context ctx) {
        ctx.header(OffsetHeaders.VIEW_OFFSETS, OffsetHeaders.format(positions.get()));
        SortedMap<Integer, Long> minimum = OffsetHeaders.parseMinOffsets(ctx.header(OffsetHeaders.MIN_OFFSETS));
        Duration wait = OffsetHeaders.parseWait(ctx.header(OffsetHeaders.WAIT_MS));
        SortedSet<Integer> unknown = new TreeSet<>(minimum.tailMap(eventPartitions).keySet());
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest(OffsetHeaders.MIN_OFFSETS + " names " + OffsetHeaders.partitions(unknown)
                    + ", which cluster-events does not have (it has partitions 0 to " + (eventPartitions - 1) + ")");
        }
        ctx.attribute(CONSISTENCY, new Consistency(minimum, wait));
    }

    /** What the request asks of the view's freshness (set by {@link #before}). */
    static Consistency consistency(Context ctx) {
        Consistency consistency = ctx.attribute(CONSISTENCY);
        return consistency == null ? Consistency.none(OffsetHeaders.DEFAULT_WAIT) : consistency;
    }

    /** Sets {@code X-View-Offsets} to the positions an answer reflects (kept as is when there are none). */
    static void viewOffsets(Context ctx, SortedMap<Integer, Long> positions) {
        if (!positions.isEmpty()) {
            ctx.header(OffsetHeaders.VIEW_OFFSETS, OffsetHeaders.format(positions));
        }
    }
}
