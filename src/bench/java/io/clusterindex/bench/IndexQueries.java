package io.clusterindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.ThreadMXBean;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.scatter.ListRequest;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The list queries of {@code bench/queries.sh} (fixed q1..q5 and varied) evaluated straight on a view index, without
 * Kafka, HTTP or JSON rendering: folds the query benchmark's dataset in memory, loads the index as a fold task's start
 * does, then times each query's draws one after the other (c = 1) through {@link ViewIndex#list}. For finding where a
 * query's time goes (run it under a profiler); the figures that count are those of {@code bench/queries.sh}.
 *
 * <p>With {@code --shares}, each draw is also answered as three instances holding one partition each answer phase one
 * of a scatter-gather list (the sort keys of their first {@code offset + limit} matches, {@link ViewIndex#keys}), so
 * that the index work of the shares can be set against the single instance's: what more instances cost beyond it is
 * the exchanges between them.
 */
final class IndexQueries {
    private static final List<Integer> PARTITIONS = List.of(0, 1, 2);

    private IndexQueries() {
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, IndexQueries::run);
    }

    private static void run(Options options) {
        Map<String, byte[]> store = new HashMap<>(options.clusters * 2);
        IndexMemory.fold(options.clusters, options.seed, store, null);
        ViewIndex index = IndexMemory.load(store);
        Function<String, ClusterState> states = id -> IndexMemory.DESERIALIZER.deserialize("", store.get(id));
        Map<String, QueryMix.Query> queries = new LinkedHashMap<>();
        QueryMix.withVaried(new QueryDataset(options.clusters, options.seed)).stream()
                .filter(query -> query.kind() == QueryMix.Kind.LIST)
                .forEach(query -> queries.put(query.name(), query));
        SplittableRandom random = new SplittableRandom(options.seed + 1);
        for (int round = 0; round < options.rounds; round++) {
            System.out.printf(Locale.ROOT, "%n== round %d: %d draws per query%n", round + 1, options.requests);
            for (String name : options.queries) {
                QueryMix.Query query = queries.get(name);
                if (query == null) {
                    throw new IllegalArgumentException("no list query " + name + " (known: " + queries.keySet() + ")");
                }
                time(query, options.requests, random, index, states, options.shares);
            }
        }
    }

    private static void time(QueryMix.Query query, int requests, SplittableRandom random, ViewIndex index,
                             Function<String, ClusterState> states, boolean shares) {
        long[] nanos = new long[requests];
        long[][] shareNanos = new long[PARTITIONS.size()][requests];
        long matches = 0;
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = 0;
        for (int i = 0; i < requests; i++) {
            ListQuery list = parse(query.draws().apply(random).request());
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long started = System.nanoTime();
            Answer<ListPage> answer = index.list(list, QueryDataset.ORGANIZATION, QueryDataset.NAMESPACE,
                    PARTITIONS, states);
            nanos[i] = System.nanoTime() - started;
            allocated += threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (!(answer instanceof Answer.Found<ListPage> found)) {
                throw new IllegalStateException(query.name() + " not answered by the index: " + answer);
            }
            matches += found.value().total();
            long shareTotal = 0;
            for (int p = 0; shares && p < PARTITIONS.size(); p++) {
                long shareStarted = System.nanoTime();
                Answer<KeyPage> keys = index.keys(ListRequest.shareOf(list), QueryDataset.ORGANIZATION,
                        QueryDataset.NAMESPACE, Set.of(PARTITIONS.get(p)));
                shareNanos[p][i] = System.nanoTime() - shareStarted;
                if (!(keys instanceof Answer.Found<KeyPage> share)) {
                    throw new IllegalStateException(query.name() + " share not answered by the index: " + keys);
                }
                shareTotal += share.value().total();
            }
            if (shares && shareTotal != found.value().total()) {
                throw new IllegalStateException(query.name() + ": the shares hold " + shareTotal + " matches, the index "
                        + found.value().total());
            }
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-4s p50 %7.1f ms  p90 %7.1f  p99 %7.1f  max %7.1f  (mean total %,d;"
                        + " allocated %,.2f MiB per query)%n",
                query.name(), nanos[requests / 2] / 1e6, nanos[(int) (requests * 0.9)] / 1e6,
                nanos[Math.min(requests - 1, (int) (requests * 0.99))] / 1e6, nanos[requests - 1] / 1e6,
                matches / requests, allocated / (double) requests / (1 << 20));
        if (shares) {
            double sum = 0;
            StringBuilder each = new StringBuilder();
            for (long[] share : shareNanos) {
                Arrays.sort(share);
                sum += share[requests / 2] / 1e6;
                each.append(each.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.2f", share[requests / 2] / 1e6));
            }
            System.out.printf(Locale.ROOT, "     shares (phase one, one partition each): p50 %s ms, sum %.2f ms (%.2fx the"
                    + " single index's p50)%n", each, sum, sum / (nanos[requests / 2] / 1e6));
        }
    }

    private static ListQuery parse(QueryClient.Request request) {
        Map<String, String> params = new HashMap<>();
        for (String pair : URI.create(request.path()).getQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            params.put(parts[0], parts[1]);
        }
        try {
            // q1 sends no body: the defaults, as an empty object gives them
            JsonNode body = request.body() == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(request.body());
            ParsedRequest parsed = ListRequestParser.parse(body, params.get("limit"), params.get("offset"));
            if (parsed instanceof ParsedRequest.Valid valid) {
                return valid.query();
            }
            throw new IllegalStateException("invalid request " + new String(request.body()) + ": " + parsed);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Command(name = "bench/index-queries.sh", sortOptions = false, mixinStandardHelpOptions = true,
            description = "List queries evaluated on a view index in memory, without Kafka or HTTP.")
    static final class Options extends IndexMemory.Options {
        @Option(names = "--queries", split = ",", paramLabel = "Q,...",
                description = "list queries to time, fixed (q1..q5) or varied (default q4v,q9)")
        List<String> queries = new ArrayList<>(List.of("q4v", "q9"));
        @Option(names = "--requests", paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "draws per query and round (default 200)")
        int requests = 200;
        @Option(names = "--rounds", paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "rounds over the queries (default 3; the first warms the JIT)")
        int rounds = 3;
        @Option(names = "--shares",
                description = "also answer each draw as three instances of one partition each answer phase one")
        boolean shares;
    }
}
