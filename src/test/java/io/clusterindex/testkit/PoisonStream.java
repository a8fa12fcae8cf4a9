package io.clusterindex.testkit;

import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.GeneratedRecord;
import io.clusterindex.generate.Namespace;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The poison-pill fuzz stream: the generator's {@link EventStream.Profile#TESTS} stream (valid lifecycles,
 * re-sends, the bad-record catalogue) with records of every {@link PoisonKind} mixed in at random places, each with
 * the outcome it must get. The same options give the same bytes. After {@link Options#records} records it adds
 * one record of each kind not drawn yet, so that every kind is in every stream. Records of the {@linkplain
 * PoisonKind#large large} kinds are drawn rarely ({@code largeShare} of the poison); at most {@code maxValueBytes}
 * each.
 */
public final class PoisonStream {
    /**
     * @param seed          the stream's seed
     * @param records       how many records before the coverage tail
     * @param clusters      clusters of the underlying lifecycle stream
     * @param poisonRate    share of the records that are poison
     * @param largeShare    share of the poison that is of a large kind
     * @param maxValueBytes the size of the at-limit records, and the bound of every other
     * @param namespaces    the namespaces of every cluster
     */
    public record Options(long seed, int records, int clusters, double poisonRate, double largeShare,
                          int maxValueBytes, List<Namespace> namespaces) {
        /** The test suite's mix: a third poison, one in a hundred of it large, records up to 256 KiB. */
        public static Options forTests(long seed, int records) {
            return new Options(seed, records, Math.max(20, records / 20), 0.35, 0.01, 256 * 1024,
                    EventStream.TEST_NAMESPACES);
        }
    }

    private final Options options;
    private final SplittableRandom random;
    private final EventStream base;
    private final PoisonRecords.Context context;
    private final Set<PoisonKind> undrawn = EnumSet.allOf(PoisonKind.class);
    private final Deque<PoisonRecord> pending = new ArrayDeque<>();
    private final List<PoisonKind> small = new ArrayList<>();
    private final List<PoisonKind> large = new ArrayList<>();
    private long drawn;
    private long index;
    private long poisonCount;

    public PoisonStream(Options options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed() ^ 0x9015_0000_0000L);
        this.base = EventStream.forTests(options.seed(), options.clusters(), options.records(), options.namespaces());
        this.context = new PoisonRecords.Context(random, options.namespaces(), base.clusterIds(),
                options.maxValueBytes(), "clust_pp_" + Long.toHexString(options.seed()) + "_");
        for (PoisonKind kind : PoisonKind.values()) {
            for (int w = 0; w < kind.weight; w++) {
                (kind.large() ? large : small).add(kind);
            }
        }
    }

    /** The whole stream as a list. */
    public static List<PoisonRecord> all(Options options) {
        PoisonStream stream = new PoisonStream(options);
        List<PoisonRecord> out = new ArrayList<>();
        while (stream.hasNext()) {
            out.add(stream.next());
        }
        return out;
    }

    public boolean hasNext() {
        return !pending.isEmpty() || drawn < options.records() || !undrawn.isEmpty();
    }

    public PoisonRecord next() {
        if (pending.isEmpty()) {
            if (drawn < options.records()) {
                drawn++;
                if (random.nextDouble() < options.poisonRate()) {
                    poison(random.nextDouble() < options.largeShare() ? pickFrom(large) : pickFrom(small));
                } else {
                    GeneratedRecord g = base.next(1).get(0);
                    pending.add(new PoisonRecord(index++, g.keyBytes(), g.value(), g.headers(), g.expected(),
                            "stream:" + g.kind()));
                }
            } else if (!undrawn.isEmpty()) {
                poison(undrawn.iterator().next());
            } else {
                throw new NoSuchElementException();
            }
        }
        return pending.removeFirst();
    }

    private PoisonKind pickFrom(List<PoisonKind> kinds) {
        return kinds.get(random.nextInt(kinds.size()));
    }

    private void poison(PoisonKind kind) {
        undrawn.remove(kind);
        for (PoisonRecords.Built built : PoisonRecords.render(kind, poisonCount++, context)) {
            pending.add(new PoisonRecord(index++, built.key(), built.value(), List.of(), kind.expected(), kind.name()));
        }
    }
}
