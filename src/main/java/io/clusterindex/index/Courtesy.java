package io.clusterindex.index;

import java.util.function.LongSupplier;

/**
 * A list query's evaluation gives its core away ({@link Thread#yield}) once every {@link #SLICE_NANOS}, so that a get,
 * a stats request or the stream thread woken meanwhile runs within that time. Without it, when every core is busy
 * with list work, a woken thread waits for the running one to finish the scheduler's time slice (Linux's EEVDF
 * lets it), and a request wakes several threads on its way: beside a closed loop of list queries at 1M clusters the
 * point reads' p99 was 4.4-4.6 ms at c=1 against 2.2-2.3 ms with this, the list queries doing 5-20% less
 * (docs/benchmarks.md, "List work yields its core every 200 µs"). With nothing else runnable a yield returns at once.
 * The evaluation's loops over rows poll every 1,024 rows: {@link #atRow} in a loop over rows or positions,
 * {@link #atWord} in a loop over 64-row words; and, because a row whose value needs a verdict computed (a regex, a
 * search term) can cost microseconds, about every 8th verdict computed polls too ({@link #afterVerdict}), and so do the
 * trigram index's steps ({@link TextNarrowing#ruleOut}, {@link TrigramIndex#candidates}): without these a regex or a
 * search over many distinct values ran up to 14 ms between polls (docs/benchmarks.md, "Polls where the work is").
 */
final class Courtesy {
    /** How long a list query's thread runs before it offers its core. */
    static final long SLICE_NANOS = 200_000;

    private static final ThreadLocal<Courtesy> OF_THREAD =
            ThreadLocal.withInitial(() -> new Courtesy(System::nanoTime, Thread::yield, SLICE_NANOS));

    private final LongSupplier clock;
    private final Runnable yield;
    private final long slice;
    private long since;

    Courtesy(LongSupplier clock, Runnable yield, long slice) {
        this.clock = clock;
        this.yield = yield;
        this.slice = slice;
        this.since = clock.getAsLong();
    }

    /** {@link #poll} at every 1,024th row (or position) of a loop over rows: {@code row} is the loop's index. */
    static void atRow(int row) {
        if ((row & 1023) == 0) {
            poll();
        }
    }

    /** {@link #poll} at every 16th word (1,024 rows) of a loop over 64-row words: {@code word} is the loop's index. */
    static void atWord(int word) {
        if ((word & 15) == 0) {
            poll();
        }
    }

    /**
     * {@link #poll} after the verdict of a code (or a row) that is a multiple of 8, in whatever loop computes verdicts
     * (a regex, a search term or a comparison on one value): about one poll in 8 verdicts, as the codes a query needs
     * are spread over the dictionary, without a per-thread count to look up at each verdict.
     */
    static void afterVerdict(int codeOrRow) {
        if ((codeOrRow & 7) == 0) {
            poll();
        }
    }

    /** For tests: {@code courtesy} is the calling thread's from now on (null: a new one of the product's). */
    static void useOnThisThread(Courtesy courtesy) {
        if (courtesy == null) {
            OF_THREAD.remove();
        } else {
            OF_THREAD.set(courtesy);
        }
    }

    /** Yields the calling thread's core if it has run a slice since it last did. */
    static void poll() {
        OF_THREAD.get().check();
    }

    /** Yields if a slice has passed since the last yield (or since this was made); the next slice starts after it. */
    void check() {
        if (clock.getAsLong() - since >= slice) {
            yield.run();
            since = clock.getAsLong();
        }
    }
}
