package io.clusterindex.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmarks' {@code --help} says what it said before their options moved to picocli: the same synopsis,
 * options, values and descriptions in the same order (only the line breaks and the indentation may differ).
 */
class BenchmarkUsageTest {
    private static final String PIPELINE = """
                usage: bench/pipeline.sh [--events N] [--clusters C] [--runs R] [--seed S] [--work-dir DIR]
                                         [--namespaces M] [--partitioner java|crc32] [--quick] [--keep]
                                         [--no-fold-check]
                  --events N       events to publish (default 1000000)
                  --clusters C     clusters they cover (default 200000)
                  --runs R         runs of pass-through + topology; medians are reported (default 3)
                  --seed S         seed of the generated stream (default 42)
                  --work-dir DIR   where the broker and state go, in a fresh run-<time> folder (default target/bench)
                  --namespaces M   namespaces of the clusters (default 20)
                  --partitioner P  how the events are spread over partitions: java (the Java client's default,
                                   murmur2 of the key: every event is on its cluster's owner) or crc32
                                   (librdkafka's default: most events are rerouted to their owner); default java
                  --quick          smoke test: 100000 events, 20000 clusters, 1 run (explicit options still win)
                  --keep           keep the broker and state data after the run
                  --no-fold-check  skip the offline fold (in-memory check of the stream's mix and fold cost)
                KAFKA_* environment variables override the Streams settings as in production.""";
    private static final String QUERY = """
                usage: bench/queries.sh [--clusters N] [--duration-s S] [--warmup-s W] [--requests R]
                                        [--concurrency 1,8] [--queries q1,...,q9] [--timeout-s T] [--client url|jdk]
                                        [--seed S] [--work-dir DIR] [--quick] [--keep] [--keep-going]
                                        [--background q8,q9] [--background-concurrency B] [--cold-start]
                                        [--heap-histogram]
                  --clusters N       clusters in the namespace (default 100000; the targets are defined at 1000000)
                  --duration-s S     measured seconds per query and concurrency level (default 10); a level stops
                                     sending at S, so the whole run is bounded by about
                                     levels x queries x (W + S + the slowest request)
                  --warmup-s W       warm-up per query and level, not measured (default 2, --quick 1)
                  --requests R       also stop a measured phase after R requests (default: no cap)
                  --concurrency L    comma-separated levels of closed-loop client threads (default 1,8)
                  --queries Q        a subset of the fixed q1..q7 and the varied q1v..q5v, q8, q9 (default all, in
                                     that order)
                  --timeout-s T      per-request timeout, counted as an error (default 60)
                  --client url|jdk   HttpURLConnection (default) or java.net.http.HttpClient
                  --seed S           seed of the generated clusters (default 42)
                  --work-dir DIR     where the broker and state go, in a fresh queries-run-<time> folder, and the
                                     JSON result (default target/bench)
                  --quick            smoke test: 10000 clusters, 3 s per phase, 1 s warm-up (explicit options win)
                  --keep             keep the broker and state data after the run
                  --keep-going       measure every phase, even when a list query failed entirely (timeouts, out
                                     of memory) at the same concurrency: by default the other list queries of
                                     that level are skipped, since they all scan the namespace today
                  --background Q     queries (e.g. q8,q9) that run in a closed loop beside every measured phase,
                                     each request one of them at random: point reads measured while list queries
                                     run
                  --background-concurrency B
                                     threads of the --background loop (default 2)
                  --cold-start       after the fill and the probe, stop the app, start it again on the same state
                                     directory, and time the start to /health/ready and the first request of each
                                     kind (q9, q4v, q5v, q8, q2v, q3v, q1v, q6, q7, each a new draw); the phases
                                     then measure the restarted app
                  --heap-histogram   class histograms of the live heap before and after the fill: the top 25
                                     classes by growth, with bytes per cluster, and the total
                KAFKA_* environment variables override the Streams settings as in production.""";
    private static final String FRESHNESS = """
                usage: bench/freshness.sh [--clusters N] [--rates 1000,max] [--duration-s S] [--runs R]
                                          [--mode poll|min-offsets|both] [--max-rate R] [--headroom H]
                                          [--calibration-events E] [--probes-per-s P] [--probe-threads T]
                                          [--poll-ms M] [--probe-timeout-s T] [--warmup-s W] [--seed S]
                                          [--work-dir DIR] [--quick] [--keep]
                  --clusters N           clusters filled into the namespace before measuring (default 100000)
                  --rates L              comma-separated events/s, or max (default 1000,max)
                  --duration-s S         seconds of publishing per phase (default 30)
                  --runs R               repetitions of all phases in the same app; medians reported (default 3)
                  --mode M               poll (GET until visible, the default), min-offsets (one GET with
                                         X-Min-Offsets that waits), or both (each phase twice)
                  --max-rate R           rate of the max phases; default: measured before each of them
                  --headroom H           share of the measured throughput the max phases run at (default 0.9)
                  --calibration-events E burst published unpaced to measure the throughput (default 150000)
                  --probes-per-s P       sampled events per second (default 10)
                  --probe-threads T      polling requests in flight at once (default 4; min-offsets: at least 32,
                                         since a waiting request costs no CPU)
                  --poll-ms M            poll interval of one probe, the measurement resolution (default 5)
                  --probe-timeout-s T    a probe gives up after T s (default 30)
                  --warmup-s W           unreported warm-up at 1,000 events/s (default 5)
                  --seed S               seed of the filled clusters and the live events (default 42)
                  --work-dir DIR         where the broker and state go, and the JSON result (default target/bench)
                  --quick                smoke test: 10000 clusters, 10 s phases, 1 run, 50000-event burst
                  --keep                 keep the broker and state data after the run
                KAFKA_* environment variables override the Streams settings as in production.""";
    private static final String SCALE = """
                usage: bench/scale.sh [--clusters N] [--instances 1,2,3] [--duration-s S] [--warmup-s W]
                                      [--concurrency 1,8] [--queries q1,...,q5] [--instance-heap SIZE] [--requests R]
                                      [--timeout-s T] [--client url|jdk] [--seed S] [--work-dir DIR] [--quick] [--keep]
                  --clusters N         clusters in the namespace (default 100000)
                  --instances L        comma-separated instance counts, run in this order (default 1,2,3; at most
                                       the partitions of cluster-events)
                  --duration-s S       measured seconds per query, concurrency and instance count (default 10)
                  --warmup-s W         warm-up per phase, not measured (default 1)
                  --concurrency L      comma-separated levels of closed-loop client threads (default 1,8)
                  --queries Q          a subset of q1..q7 (default q1,q2,q3,q4,q5: the list queries)
                  --instance-heap SIZE -Xmx of each instance JVM (default 1g, 3g from 300000 clusters)
                  --requests R         also stop a measured phase after R requests (default: no cap)
                  --timeout-s T        per-request timeout, counted as an error (default 60)
                  --client url|jdk     HttpURLConnection (default) or java.net.http.HttpClient
                  --seed S             seed of the generated clusters (default 42)
                  --work-dir DIR       where the broker, state and instance logs go, in a fresh scale-run-<time>
                                       folder, and the JSON result (default target/bench)
                  --quick              smoke test: 10000 clusters, 3 s per phase (explicit options win)
                  --keep               keep the broker, state and instance logs after the run
                KAFKA_* environment variables override the instances' Streams settings as in production.""";

    static Stream<Arguments> benchmarks() {
        return Stream.of(Arguments.of(new PipelineBenchmark.Options(), PIPELINE),
                Arguments.of(new QueryBenchmark.Options(), QUERY),
                Arguments.of(new FreshnessBenchmark.Options(), FRESHNESS),
                Arguments.of(new ScaleBenchmark.Options(), SCALE));
    }

    @ParameterizedTest
    @MethodSource("benchmarks")
    void helpSaysWhatTheHandWrittenUsageSaid(BenchSupport.Options options, String before) {
        assertThat(words(BenchSupport.usage(options))).isEqualTo(words(before));
    }

    private static String words(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
