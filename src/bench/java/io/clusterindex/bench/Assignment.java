package io.clusterindex.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which {@code cluster-events} partitions each instance processes (its active tasks), as the consumer group shows
 * them, and whether that is the spread a benchmark of {@code N} instances wants: every partition served exactly
 * once, and every instance with at least one (so that each of them does a share of every list request).
 *
 * @param byInstance instance name -> partitions, for every instance of the benchmark (an instance without any: empty)
 * @param partitions how many partitions the topic has
 */
record Assignment(Map<String, Set<Integer>> byInstance, int partitions) {
    enum Verdict {
        /** Every partition served exactly once, every instance has one or more. */
        SPREAD,
        /** Some partition is not (or not yet) served, or served twice: a rebalance is still going on. */
        INCOMPLETE,
        /** Every partition served exactly once, but some instance has none: it would only forward requests. */
        UNEVEN
    }

    Assignment {
        byInstance = Map.copyOf(byInstance);
    }

    Verdict verdict() {
        Set<Integer> served = new TreeSet<>();
        int count = 0;
        for (Set<Integer> owned : byInstance.values()) {
            served.addAll(owned);
            count += owned.size();
        }
        if (count != partitions || !served.equals(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()))) {
            return Verdict.INCOMPLETE;
        }
        return byInstance.values().stream().anyMatch(Set::isEmpty) ? Verdict.UNEVEN : Verdict.SPREAD;
    }

    /** "instance-1 [0, 2], instance-2 [1]", in the order of the names. */
    String describe() {
        List<String> parts = new ArrayList<>();
        byInstance.keySet().stream().sorted()
                .forEach(name -> parts.add(name + " " + new TreeSet<>(byInstance.get(name))));
        return String.join(", ", parts);
    }
}
