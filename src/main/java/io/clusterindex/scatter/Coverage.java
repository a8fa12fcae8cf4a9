package io.clusterindex.scatter;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The shares of a list gathered so far: each partition must be covered by exactly one share. A partition that two
 * shares claim (it moved between instances during the query) voids both, and their partitions are asked again.
 * Pure: no threads, no I/O; the gatherer adds what the instances answered.
 */
final class Coverage<P> {
    private final SortedSet<Integer> all;
    private final List<Held<P>> shares = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    /** Instances that could not be reached or timed out: not asked again in this request. */
    private final Set<HostInfo> unreachable = new HashSet<>();
    /** The first share refused because its instance had too many list queries at once; null if none was. */
    private String busy;

    /** @param all every partition of {@code cluster-events} */
    Coverage(SortedSet<Integer> all) {
        this.all = new TreeSet<>(all);
    }

    /** A share that counts, with the instance that answered it. */
    private record Held<P>(HostInfo host, Answer.Found<P> answer) {
    }

    /** A fresh start (of shares of another kind) that still skips the instances this one found unreachable. */
    <Q> Coverage<Q> restart() {
        Coverage<Q> fresh = new Coverage<>(all);
        fresh.unreachable.addAll(unreachable);
        return fresh;
    }

    /** {@link #restart} keeping the problems met so far: nothing this one gathered is dropped. */
    <Q> Coverage<Q> carryOn() {
        Coverage<Q> fresh = restart();
        fresh.problems.addAll(problems);
        fresh.busy = busy;
        return fresh;
    }

    /** What the instances of {@code plan} answered, in the order they are to be accounted. */
    void add(Map<HostInfo, SortedSet<Integer>> plan, Map<HostInfo, Answer<P>> answers) {
        answers.forEach((host, answer) -> {
            if (answer instanceof Answer.Found<P> served) {
                accept(host, plan.get(host), served);
            } else if (answer instanceof Answer.NotServed<P> failure) {
                problems.add(failure.message());
                if (failure.reason() == FailureReason.UNREACHABLE) {
                    unreachable.add(host);
                } else if (failure.reason() == FailureReason.BUSY && busy == null) {
                    busy = failure.message();
                }
            }
        });
    }

    private void accept(HostInfo host, SortedSet<Integer> asked, Answer.Found<P> served) {
        SortedSet<Integer> covered = served.basis().covered();
        List<Held<P>> overlapping = shares.stream()
                .filter(share -> !Collections.disjoint(share.answer().basis().covered(), covered)).toList();
        if (!overlapping.isEmpty()) {
            problems.add("partitions moved between instances during the query");
            shares.removeAll(overlapping);
            return;
        }
        shares.add(new Held<>(host, served));
        SortedSet<Integer> unserved = new TreeSet<>(asked);
        unserved.removeAll(covered);
        if (!unserved.isEmpty()) {
            problems.add("instance " + host.host() + ":" + host.port() + " did not serve partitions " + join(unserved));
        }
    }

    void problem(String problem) {
        problems.add(problem);
    }

    String problems() {
        return String.join("; ", problems);
    }

    /**
     * Why an instance refused its share for load ({@link FailureReason#BUSY}), or null. Such a share is not failed
     * over: asking the other copies would add load where there is too much already, so the list is refused.
     */
    String busy() {
        return busy;
    }

    boolean hasShares() {
        return !shares.isEmpty();
    }

    Set<HostInfo> unreachable() {
        return Collections.unmodifiableSet(unreachable);
    }

    SortedSet<Integer> missing() {
        SortedSet<Integer> missing = new TreeSet<>(all);
        shares.forEach(share -> missing.removeAll(share.answer().basis().covered()));
        return missing;
    }

    List<P> pages() {
        return shares.stream().map(share -> share.answer().value()).toList();
    }

    /** The instance that answered each of {@link #pages()}, in the same order. */
    List<HostInfo> hosts() {
        return shares.stream().map(Held::host).toList();
    }

    /**
     * The positions the shares reflect together: a cluster's events are folded by one task wherever they were
     * published, so the view as a whole has handled a partition up to the lowest position any share reports.
     */
    SortedMap<Integer, Long> positions() {
        SortedMap<Integer, Long> positions = new TreeMap<>();
        shares.forEach(share -> share.answer().basis().positions().forEach((partition, offset) ->
                positions.merge(partition, offset, Math::min)));
        return positions;
    }

    /** The partitions served from stale copies, with their lags. */
    SortedMap<Integer, Long> lags() {
        SortedMap<Integer, Long> lags = new TreeMap<>();
        shares.forEach(share -> lags.putAll(share.answer().basis().lags()));
        return lags;
    }

    /** The basis of the merged answer: every partition, at {@link #positions()}, with the {@link #lags()}. */
    Basis basis() {
        return new Basis(positions(), all, lags());
    }

    static String join(Iterable<Integer> partitions) {
        StringJoiner text = new StringJoiner(",");
        partitions.forEach(p -> text.add(Integer.toString(p)));
        return text.toString();
    }
}
