package io.clusterindex.scatter;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.query.Scheduler;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks every instance of a plan for its share at once and gathers the answers, without a thread per instance: the
 * others' shares are asynchronous exchanges
 * ({@link PeerShard}), each bounded by a deadline that is itself a future (the request's wait plus the peer time-out
 * plus a second), sent first; then this instance's share ({@link LocalShard}: on the calling thread, or on its bounded
 * executor once a read-your-writes wait is over).
 */
final class ShareGatherer {
    private final HostInfo self;
    private final Shard local;
    private final Function<HostInfo, Shard> peers;
    private final Duration peerTimeout;
    private final Scheduler scheduler;
    private final ScatterObserver observer;

    ShareGatherer(HostInfo self, Shard local, Function<HostInfo, Shard> peers, Duration peerTimeout,
                  Scheduler scheduler, ScatterObserver observer) {
        this.observer = observer;
        this.self = self;
        this.local = local;
        this.peers = peers;
        this.peerTimeout = peerTimeout;
        this.scheduler = scheduler;
    }

    /** One instance's share of a request over {@code partitions}, with the demands on them. */
    @FunctionalInterface
    interface ShareCall<T> {
        CompletableFuture<Answer<T>> ask(Shard shard, SortedSet<Integer> partitions, Consistency demands);
    }

    Shard shard(HostInfo host) {
        return host.equals(self) ? local : peers.apply(host);
    }

    /** Every instance's answer, this instance's first, then the others in the plan's order. */
    <T> CompletableFuture<Map<HostInfo, Answer<T>>> gather(Map<HostInfo, SortedSet<Integer>> plan,
                                                            Consistency consistency, ShareCall<T> call) {
        return each(plan, consistency.maxWait(), (shard, partitions) -> call.ask(shard, partitions, consistency));
    }

    /**
     * {@link #gather} of any question: {@code asks} says what to ask each instance, {@code wait} how long beyond the
     * peer time-out an answer may take.
     */
    <A, T> CompletableFuture<Map<HostInfo, Answer<T>>> each(Map<HostInfo, A> asks, Duration wait,
                                                             BiFunction<Shard, A, CompletableFuture<Answer<T>>> call) {
        Map<HostInfo, CompletableFuture<Answer<T>>> asked = new LinkedHashMap<>();
        Map<HostInfo, CompletableFuture<Answer<T>>> remote = new LinkedHashMap<>();
        Duration deadline = peerTimeout.plus(wait).plusSeconds(1);
        asks.forEach((host, ask) -> {
            if (!host.equals(self)) {
                remote.put(host, bounded(host, ask(host, ask, call), deadline));
            }
        });
        // the peers' exchanges are under way: this instance's share may run on the calling thread meanwhile
        if (asks.containsKey(self)) {
            asked.put(self, call.apply(local, asks.get(self)));
        }
        asked.putAll(remote);
        return CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).thenApply(all -> {
            Map<HostInfo, Answer<T>> answers = new LinkedHashMap<>();
            asked.forEach((host, answer) -> {
                Answer<T> value = answer.join();
                if (value instanceof Answer.NotServed<T> failure && failure.reason() == FailureReason.UNREACHABLE) {
                    observer.unreachable();
                }
                answers.put(host, value);
            });
            return answers;
        });
    }

    private <A, T> CompletableFuture<Answer<T>> ask(HostInfo host, A ask,
                                                    BiFunction<Shard, A, CompletableFuture<Answer<T>>> call) {
        try {
            return call.apply(peers.apply(host), ask);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The peer's answer, or unreachable when it fails or has not come by the deadline (then it is cancelled). */
    private <T> CompletableFuture<Answer<T>> bounded(HostInfo host, CompletableFuture<Answer<T>> exchange,
                                                     Duration deadline) {
        String who = "instance " + host.host() + ":" + host.port();
        CompletableFuture<Answer<T>> answer = exchange.handle((value, failure) -> failure == null ? value
                : Answer.notServed(FailureReason.UNREACHABLE, "asking " + who + " failed: " + unwrapped(failure)));
        CompletableFuture<Void> timer = scheduler.after(deadline);
        timer.thenRun(() -> {
            if (answer.complete(Answer.notServed(FailureReason.UNREACHABLE, who + " did not answer in time"))) {
                exchange.cancel(true);
            }
        });
        answer.whenComplete((done, failure) -> timer.cancel(false)); // lets the answer go before the deadline passes
        return answer;
    }

    private static Throwable unwrapped(Throwable failure) {
        return failure.getCause() != null && failure instanceof CompletionException ? failure.getCause() : failure;
    }
}
