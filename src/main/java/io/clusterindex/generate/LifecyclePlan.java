package io.clusterindex.generate;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The planner of an {@link EventStream}: which cluster does what, seeded. Each of {@code C} clusters gets one life in
 * its namespace: created with its configuration, a few {@code cluster.updated} merge patches, one to three
 * execution cycles (started, then mostly completed, sometimes failed or canceled; now and then one still running),
 * and for some a deletion (and for some of those a re-creation). The lives are trimmed or extended until they hold
 * exactly the stream's valid events, then interleaved by the time of their events, as a broker would see them.
 *
 * <p>Memory: about 8 bytes per event plus 8 bytes per cluster; a life is recomputed from its seed when rendered.
 */
final class LifecyclePlan {
    static final int MAX_EVENTS_PER_CLUSTER = 4095;
    static final long WINDOW_MS = 7L * 24 * 3600 * 1000;

    static final byte CREATED = 0;
    static final byte UPDATED = 1;
    static final byte STARTED = 2;
    static final byte COMPLETED = 3;
    static final byte FAILED = 4;
    static final byte CANCELED = 5;
    static final byte DELETED = 6;
    static final String[] TYPE_NAMES = {"cluster.created", "cluster.updated", "cluster.execution.started",
        "cluster.execution.completed", "cluster.execution.failed", "cluster.execution.canceled", "cluster.deleted"};

    private static final long SALT_COUNTS = 0x1f2e3d4c5b6a7988L;
    private static final long SALT_PLAN = 0x6a09e667f3bcc908L;
    private static final long SALT_RECREATE = 0x9b05688c2b3e6c1fL;

    private final int clusters;
    private final long seed;
    private final long valid;
    private final double deleteRate;
    private final double recreateRate;
    private final List<Namespace> namespaces;
    private final int[] clusterNamespace;
    private final byte[] updates;
    private final byte[] cycles;
    /** bit 0: a last execution still running; bit 1: deleted at the end; bit 2: re-created after that. */
    private final byte[] flags;
    private final long[] order;
    private final int clusterBits;
    private final int ordinalBits;
    private final int timeShift;
    private final long[] plannedByType = new long[TYPE_NAMES.length];

    /**
     * Plans {@code valid} events over {@code clusters} clusters.
     *
     * @throws IllegalArgumentException if the valid events cannot give each cluster its creation event, or would
     *                                  need more than 4095 per cluster
     */
    LifecyclePlan(long valid, int clusters, List<Namespace> namespaces, double deleteRate, double recreateRate,
                  long seed) {
        if (clusters < 1 || namespaces.isEmpty()) {
            throw new IllegalArgumentException("need clusters >= 1 and a namespace");
        }
        this.clusters = clusters;
        this.seed = seed;
        this.valid = valid;
        this.deleteRate = deleteRate;
        this.recreateRate = recreateRate;
        if (valid < clusters) {
            throw new IllegalArgumentException(valid + " valid events: need at least one per cluster (" + clusters
                    + ")");
        }
        if (valid > (long) clusters * (MAX_EVENTS_PER_CLUSTER - 8)) {
            throw new IllegalArgumentException("too many events per cluster: use more clusters");
        }
        this.namespaces = List.copyOf(namespaces);
        this.clusterNamespace = new int[clusters];
        this.updates = new byte[clusters];
        this.cycles = new byte[clusters];
        this.flags = new byte[clusters];
        planCounts(namespaces.size());
        this.clusterBits = Math.max(1, 64 - Long.numberOfLeadingZeros(clusters - 1L));
        int longest = 1;
        for (int c = 0; c < clusters; c++) {
            longest = Math.max(longest, length(c));
        }
        this.ordinalBits = Math.max(1, 64 - Long.numberOfLeadingZeros(longest - 1L));
        this.order = new long[Math.toIntExact(valid)];
        int timeBits = 63 - clusterBits - ordinalBits;
        long maxTime = 0;
        int next = 0;
        Plan[] plans = new Plan[clusters];
        for (int c = 0; c < clusters; c++) {
            Plan plan = plan(c);
            maxTime = Math.max(maxTime, plan.times[plan.length - 1]);
            plans[c] = plan;
        }
        int shift = 0;
        while ((maxTime >>> shift) >= (1L << timeBits)) {
            shift++;
        }
        this.timeShift = shift;
        for (int c = 0; c < clusters; c++) {
            Plan plan = plans[c];
            plans[c] = null;
            for (int j = 0; j < plan.length; j++) {
                order[next++] = ((plan.times[j] >>> shift) << (clusterBits + ordinalBits))
                        | ((long) c << ordinalBits) | j;
                plannedByType[plan.types[j]]++;
            }
        }
        if (next != valid) {
            throw new IllegalStateException("planned " + next + " valid events instead of " + valid);
        }
        Arrays.sort(order);
    }

    int clusters() {
        return clusters;
    }

    long validEvents() {
        return valid;
    }

    long[] plannedByType() {
        return plannedByType.clone();
    }

    Namespace namespaceOf(int c) {
        return namespaces.get(clusterNamespace[c]);
    }

    List<Namespace> namespaces() {
        return namespaces;
    }

    /** The {@code i}-th valid event of the stream, packed (time, cluster, ordinal in its life). */
    long packed(int i) {
        return order[i];
    }

    /** Draws each cluster's natural life, then trims or extends lives until the valid events add up exactly. */
    private void planCounts(int namespaces) {
        SplittableRandom random = new SplittableRandom(EventRenderer.mix(SALT_COUNTS, seed));
        SplittableRandom recreations = new SplittableRandom(EventRenderer.mix(SALT_RECREATE, seed));
        double[] cumulative = new double[namespaces];
        double total = 0;
        for (int n = 0; n < namespaces; n++) {
            total += 1.0 / Math.pow(n + 1, 0.7);
            cumulative[n] = total;
        }
        long sum = 0;
        for (int c = 0; c < clusters; c++) {
            double x = random.nextDouble() * total;
            int n = 0;
            while (n < namespaces - 1 && cumulative[n] < x) {
                n++;
            }
            clusterNamespace[c] = n;
            double u = random.nextDouble();
            updates[c] = (byte) (u < 0.40 ? 0 : u < 0.70 ? 1 : u < 0.90 ? 2 : 3);
            double k = random.nextDouble();
            cycles[c] = (byte) (k < 0.55 ? 1 : k < 0.85 ? 2 : 3);
            int f = 0;
            if (random.nextDouble() < 0.08) {
                f |= 1;
            }
            if (random.nextDouble() < deleteRate) {
                f |= 2;
                if (recreateRate > 0 && recreations.nextDouble() < recreateRate) {
                    f |= 4;
                }
            }
            flags[c] = (byte) f;
            sum += length(c);
        }
        int[] sweep = new int[clusters];
        for (int c = 0; c < clusters; c++) {
            sweep[c] = c;
        }
        for (int c = clusters - 1; c > 0; c--) {
            int other = random.nextInt(c + 1);
            int tmp = sweep[c];
            sweep[c] = sweep[other];
            sweep[other] = tmp;
        }
        boolean allowUndelete = false;
        while (sum != valid) {
            long before = sum;
            for (int s = 0; s < clusters && sum != valid; s++) {
                int c = sweep[s];
                sum += sum > valid ? shrink(c, sum - valid, random, allowUndelete) : grow(c, valid - sum, random);
            }
            if (sum == before) {
                if (allowUndelete) {
                    throw new IllegalStateException("cannot fit " + valid + " events over " + clusters + " clusters");
                }
                allowUndelete = true;
            }
        }
    }

    /** Removes one or two events from cluster {@code c} (never more than {@code excess}); returns minus that. */
    private int shrink(int c, long excess, SplittableRandom random, boolean allowUndelete) {
        if ((flags[c] & 4) != 0) {
            flags[c] &= ~4;
            return -1;
        }
        boolean running = (flags[c] & 1) != 0;
        for (int attempt = 0; attempt < 3; attempt++) {
            switch (random.nextInt(3)) {
                case 0:
                    if (updates[c] > 0) {
                        updates[c]--;
                        return -1;
                    }
                    break;
                case 1:
                    if (cycles[c] > 1 && excess >= 2) {
                        cycles[c]--;
                        return -2;
                    }
                    if (cycles[c] > 1 && !running) {
                        cycles[c]--;
                        flags[c] |= 1;
                        return -1;
                    }
                    break;
                default:
                    if (running) {
                        flags[c] &= ~1;
                        return -1;
                    }
                    break;
            }
        }
        if (cycles[c] > 0 && updates[c] == 0 && !running && (cycles[c] > 1 || excess >= 2)) {
            cycles[c]--;
            return -2;
        }
        if (cycles[c] == 1 && !running && updates[c] == 0) {
            cycles[c] = 0;
            flags[c] |= 1;
            return -1;
        }
        if (allowUndelete && (flags[c] & 2) != 0) {
            flags[c] &= ~2;
            return -1;
        }
        return 0;
    }

    /** Adds one or two events to cluster {@code c} (never more than {@code missing}); returns that. */
    private int grow(int c, long missing, SplittableRandom random) {
        if (length(c) + 2 > MAX_EVENTS_PER_CLUSTER) {
            return 0;
        }
        if (missing >= 2 && random.nextInt(3) != 0) {
            cycles[c]++;
            return 2;
        }
        updates[c]++;
        return 1;
    }

    private int length(int c) {
        return 1 + updates[c] + 2 * cycles[c] + (flags[c] & 1) + ((flags[c] >> 1) & 1) + ((flags[c] >> 2) & 1);
    }

    /** The life of one cluster (a second {@code cluster.created} after its deletion when it is re-created): event types, times (ms after {@link PlannedEvents#STREAM_START}), sequences, cycle numbers. */
    static final class Plan {
        final int cluster;
        final int length;
        final byte[] types;
        final long[] times;
        final long[] sequences;
        final int[] cycleNumbers;

        Plan(int cluster, int length) {
            this.cluster = cluster;
            this.length = length;
            this.types = new byte[length];
            this.times = new long[length];
            this.sequences = new long[length];
            this.cycleNumbers = new int[length];
        }
    }

    Plan plan(int c) {
        SplittableRandom random = new SplittableRandom(EventRenderer.mix(SALT_PLAN ^ seed, c));
        int u = updates[c];
        int k = cycles[c];
        boolean running = (flags[c] & 1) != 0;
        boolean deleted = (flags[c] & 2) != 0;
        Plan plan = new Plan(c, length(c));
        byte[] tokens = new byte[u + k];
        Arrays.fill(tokens, 0, u, UPDATED);
        Arrays.fill(tokens, u, u + k, STARTED);
        for (int i = tokens.length - 1; i > 0; i--) {
            int other = random.nextInt(i + 1);
            byte tmp = tokens[i];
            tokens[i] = tokens[other];
            tokens[other] = tmp;
        }
        long time = (long) (random.nextDouble() * WINDOW_MS);
        long sequence = 1;
        int n = 0;
        int cycle = 0;
        plan.types[n] = CREATED;
        plan.times[n] = time;
        plan.sequences[n++] = sequence;
        for (byte token : tokens) {
            sequence += random.nextInt(50) == 0 ? 2 : 1;
            if (token == UPDATED) {
                time += gap(random, 3 * 3600_000L);
                plan.types[n] = UPDATED;
                plan.times[n] = time;
                plan.sequences[n++] = sequence;
                continue;
            }
            cycle++;
            time += gap(random, 40 * 60_000L);
            plan.types[n] = STARTED;
            plan.times[n] = time;
            plan.cycleNumbers[n] = cycle;
            plan.sequences[n++] = sequence;
            double outcome = random.nextDouble();
            byte terminal = outcome < 0.85 ? COMPLETED : outcome < 0.95 ? FAILED : CANCELED;
            // execution time: log-normal around ~5 minutes, 5 s .. 6 h
            double seconds = Math.min(6 * 3600.0, Math.max(5.0, Math.exp(5.7 + 1.1 * random.nextGaussian())));
            if (terminal == CANCELED) {
                seconds *= random.nextDouble();
            }
            time += Math.max(1, (long) (seconds * 1000));
            sequence += random.nextInt(50) == 0 ? 2 : 1;
            plan.types[n] = terminal;
            plan.times[n] = time;
            plan.cycleNumbers[n] = cycle;
            plan.sequences[n++] = sequence;
        }
        if (running) {
            cycle++;
            time += gap(random, 40 * 60_000L);
            sequence++;
            plan.types[n] = STARTED;
            plan.times[n] = time;
            plan.cycleNumbers[n] = cycle;
            plan.sequences[n++] = sequence;
        }
        if (deleted) {
            time += gap(random, 24 * 3600_000L);
            sequence++;
            plan.types[n] = DELETED;
            plan.times[n] = time;
            plan.sequences[n++] = sequence;
        }
        if ((flags[c] & 4) != 0) {
            time += gap(random, 24 * 3600_000L);
            sequence++;
            plan.types[n] = CREATED;
            plan.times[n] = time;
            plan.sequences[n++] = sequence;
        }
        if (n != plan.length) {
            throw new IllegalStateException("plan of cluster " + c + " has " + n + " events, not " + plan.length);
        }
        return plan;
    }

    /** An exponential gap of the given mean, at least one second. */
    private static long gap(SplittableRandom random, long meanMs) {
        return 1000 + (long) (-Math.log(1.0 - random.nextDouble()) * meanMs);
    }

    int clusterOf(long packed) {
        return (int) ((packed >>> ordinalBits) & ((1L << clusterBits) - 1));
    }

    int ordinalOf(long packed) {
        return (int) (packed & ((1L << ordinalBits) - 1));
    }

}
