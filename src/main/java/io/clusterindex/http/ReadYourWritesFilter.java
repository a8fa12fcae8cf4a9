package io.clusterindex.http;

import io.clusterindex.query.ReadYourWrites;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.SortedMap;

/**
 * The {@code /v1} step between authentication and the handler: waits as {@code X-Min-Offsets} / {@code X-Wait-Ms}
 * ask, then sets {@code X-View-Offsets} to the positions taken before the handler queries the view (so error
 * responses after this point carry it too). Not reached: 503 with {@code Retry-After}; a partition this instance
 * does not host: 400.
 */
final class ReadYourWritesFilter {
    private static final String AWAITED = "read-your-writes.awaited";

    private final ReadYourWrites readYourWrites;

    ReadYourWritesFilter(ReadYourWrites readYourWrites) {
        this.readYourWrites = readYourWrites;
    }

    void before(Context ctx) {
        SortedMap<Integer, Long> minimum;
        Duration wait;
        try {
            minimum = OffsetHeaders.parseMinOffsets(ctx.header(OffsetHeaders.MIN_OFFSETS));
            wait = OffsetHeaders.parseWait(ctx.header(OffsetHeaders.WAIT_MS));
        } catch (ApiException e) {
            ctx.header(OffsetHeaders.VIEW_OFFSETS, OffsetHeaders.format(readYourWrites.positions()));
            throw e;
        }
        if (minimum.isEmpty()) {
            ctx.header(OffsetHeaders.VIEW_OFFSETS, OffsetHeaders.format(readYourWrites.positions()));
            return;
        }
        ReadYourWrites.Outcome outcome = readYourWrites.await(minimum, wait);
        ctx.header(OffsetHeaders.VIEW_OFFSETS, OffsetHeaders.format(outcome.positions()));
        if (outcome instanceof ReadYourWrites.Outcome.NotHosted notHosted) {
            throw ApiException.badRequest(OffsetHeaders.MIN_OFFSETS + " names "
                    + OffsetHeaders.partitions(notHosted.partitions()) + " of cluster-events, which this instance "
                    + "does not host (it hosts " + hosted(outcome.positions()) + ")");
        }
        if (outcome instanceof ReadYourWrites.Outcome.TimedOut timedOut) {
            throw ApiException.unavailable("the view has not reached " + OffsetHeaders.MIN_OFFSETS + " "
                    + OffsetHeaders.pairs(timedOut.behind()) + " within " + wait.toMillis() + " ms (it is at "
                    + (outcome.positions().isEmpty() ? "no position yet" : OffsetHeaders.format(outcome.positions()))
                    + "); retry later");
        }
        ctx.attribute(AWAITED, Boolean.TRUE);
    }

    /** True when the request waited for {@code X-Min-Offsets}: its answer must come from the view itself. */
    static boolean awaited(Context ctx) {
        return Boolean.TRUE.equals(ctx.attribute(AWAITED));
    }

    private static String hosted(SortedMap<Integer, Long> positions) {
        return positions.isEmpty() ? "none" : OffsetHeaders.partitions(positions.keySet());
    }
}
