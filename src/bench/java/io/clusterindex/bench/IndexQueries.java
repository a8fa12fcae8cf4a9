package io.clusterindex.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.ThreadMXBean;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.ListQuery;
import io.clusterindex.fold.ClusterState;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
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
 * The varied list queries of {@code bench/queries.sh} evaluated straight on a view index, without Kafka, HTTP or
 * JSON rendering: folds the query benchmark's dataset in memory, loads the index as a fold task's start does, then
 * times each query's draws one after the other (c = 1) through {@link ViewIndex#list}. For finding where a query's
 * time goes (run it under a profiler); the figures that count are those of {@code bench/queries.sh}.
 */
final class IndexQueries {
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
        VariedQueries.all().forEach(query -> queries.put(query.name(), query));
        SplittableRandom random = new SplittableRandom(options.seed + 1);
        for (int round = 0; round < options.rounds; round++) {
            System.out.printf(Locale.ROOT, "%n== round %d: %d draws per query%n", round + 1, options.requests);
            for (String name : options.queries) {
                QueryMix.Query query = queries.get(name);
                if (query == null) {
                    throw new IllegalArgumentException("no varied query " + name + " (known: " + queries.keySet() + ")");
                }
                time(query, options.requests, random, index, states);
            }
        }
    }

    private static void time(QueryMix.Query query, int requests, SplittableRandom random, ViewIndex index,
                             Function<String, ClusterState> states) {
        long[] nanos = new long[requests];
        long matches = 0;
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocated = 0;
        for (int i = 0; i < requests; i++) {
            ListQuery list = parse(query.draws().apply(random).request());
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long started = System.nanoTime();
            Answer<ListPage> answer = index.list(list, QueryDataset.ORGANIZATION, QueryDataset.NAMESPACE,
                    Set.of(0, 1, 2), states);
            nanos[i] = System.nanoTime() - started;
            allocated += threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (!(answer instanceof Answer.Found<ListPage> found)) {
                throw new IllegalStateException(query.name() + " not answered by the index: " + answer);
            }
            matches += found.value().total();
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-4s p50 %7.1f ms  p90 %7.1f  p99 %7.1f  max %7.1f  (mean total %,d;"
                        + " allocated %,.2f MiB per query)%n",
                query.name(), nanos[requests / 2] / 1e6, nanos[(int) (requests * 0.9)] / 1e6,
                nanos[Math.min(requests - 1, (int) (requests * 0.99))] / 1e6, nanos[requests - 1] / 1e6,
                matches / requests, allocated / (double) requests / (1 << 20));
    }

    private static ListQuery parse(QueryClient.Request request) {
        Map<String, String> params = new HashMap<>();
        for (String pair : URI.create(request.path()).getQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            params.put(parts[0], parts[1]);
        }
        try {
            JsonNode body = Json.MAPPER.readTree(request.body());
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
            description = "Varied list queries evaluated on a view index in memory, without Kafka or HTTP.")
    static final class Options extends IndexMemory.Options {
        @Option(names = "--queries", split = ",", paramLabel = "Q,...",
                description = "varied queries to time (default q4v,q9)")
        List<String> queries = new ArrayList<>(List.of("q4v", "q9"));
        @Option(names = "--requests", paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "draws per query and round (default 200)")
        int requests = 200;
        @Option(names = "--rounds", paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "rounds over the queries (default 3; the first warms the JIT)")
        int rounds = 3;
    }
}
