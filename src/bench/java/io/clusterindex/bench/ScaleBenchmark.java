package io.clusterindex.bench;

import static io.clusterindex.bench.BenchSupport.deleteRecursively;
import static io.clusterindex.bench.BenchSupport.fmt;
import static io.clusterindex.bench.BenchSupport.header;
import static io.clusterindex.bench.BenchSupport.seconds;
import static io.clusterindex.bench.BenchSupport.writeResult;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.app.Config;
import io.clusterindex.app.StreamsSettings;
import io.clusterindex.auth.DevRegistration;
import io.clusterindex.bench.BenchSupport.Machine;
import io.clusterindex.json.Json;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.kafka.TopicDefinitions;
import io.clusterindex.kafka.TopicProvisioner;
import io.clusterindex.testkit.IndexerProcess;
import io.clusterindex.topology.Topics;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * Throughput of the list API with 1, 2 and 3 instances on one machine.
 *
 * <p>Starts one embedded broker in this JVM (with Kafka's own kind of initial rebalance delay, see
 * {@link #BROKER_SETTINGS}), registers the development key and fills {@code cluster-events} once with
 * {@link QueryDataset}'s clusters. Then, for each instance count {@code N}: starts {@code N} instances as child JVMs
 * ({@code io.clusterindex.cli.ClusterIndexCommand}, production {@code StreamsSettings}, each with its own {@code STATE_DIR}, HTTP
 * port and {@code APPLICATION_SERVER}) under a fresh application id, so that they fold the same events from scratch
 * and share the partitions from the first assignment; waits until every instance is ready, the consumer group shows
 * every partition served with at least one per instance (else starts again under another id), the stats show
 * every published cluster, and each query of the mix answers through every instance with the expected total,
 * filter and order and the same bytes. Then each query runs in closed loops at each concurrency, requests spread
 * round-robin over the {@code N} instances; every answer must be a 200 with the probe's exact body (a random get:
 * the right shape), anything else is counted as an error or invalid.
 *
 * <p>Reports per instance count, query and concurrency: q/s, p50/p90/p99/max, errors, the requests each instance
 * received, the cores used by the instances (each and together), by this JVM (client and broker) and by other
 * processes, and the load average; writes the same as JSON to {@code <work-dir>/scale-<time>.json}.
 */
public final class ScaleBenchmark {
    /**
     * Broker settings of this benchmark: the first rebalance of a new group waits until no instance has joined for
     * 10 s (Kafka's default is 3 s; the embedded broker uses 0), so that instances started together share the
     * partitions from the start instead of the first one owning them all while the others warm up.
     */
    static final Map<String, String> BROKER_SETTINGS = Map.of("group.initial.rebalance.delay.ms", "10000");
    private static final int ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration SPREAD_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration UNEVEN_GRACE = Duration.ofSeconds(15);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

    private final Options options;
    private final QueryBenchmark.Options common;
    private final Warnings warnings = new Warnings();

    private ScaleBenchmark(Options options) {
        this.options = options;
        this.common = options.common;
    }

    public static void main(String[] args) {
        BenchSupport.runMain(new Options(), args, options -> new ScaleBenchmark(options).run());
    }

    /** One instance count, ready to measure. */
    private record Setup(int instances, String applicationId, int attempt, double startSeconds, double foldSeconds,
                         Assignment assignment, Map<String, byte[]> bodies, double loadAverage) {
    }

    /** One query at one concurrency with {@code instances} instances, and the CPU used meanwhile. */
    private record Phase(int instances, String query, int concurrency, ClosedLoop.Result loop, double[] instanceCores,
                         double driverCores, double otherCores, double loadAverage, boolean skipped) {
        double instancesCores() {
            return Arrays.stream(instanceCores).sum();
        }

        /** CPU the instances used per answered request, all of them together. */
        double instancesCpuMsPerRequest() {
            return loop.requests() == 0 ? Double.NaN : instancesCores() * loop.wallSeconds() * 1000 / loop.requests();
        }
    }

    // ---------------------------------------------------------------- the benchmark

    private void run() throws Exception {
        Machine machine = Machine.describe();
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        header("cluster-index list throughput with " + options.instances + " instances");
        System.out.println(machine.describeLines());
        System.out.printf(Locale.ROOT, "N = %,d clusters in one namespace; queries %s; concurrency %s; %s s per phase"
                        + " (warm-up %s s); instances as child JVMs with -Xmx%s; per-request timeout %d s; seed %d%s%n",
                common.clusters, common.queries, common.concurrency, fmt(common.durationSeconds, 1),
                fmt(common.warmupSeconds, 1), options.instanceHeap(), common.timeoutSeconds, common.seed,
                common.quick ? " (--quick)" : "");
        if (machine.loadAverage() > 0.5 * machine.processors()) {
            warn("load average %.2f on %d cores at start: the machine is busy, figures will be low and noisy",
                    machine.loadAverage(), machine.processors());
        }
        QueryDataset dataset = new QueryDataset(common.clusters, common.seed);
        List<QueryMix.Query> mix = QueryMix.all(dataset).stream().filter(q -> common.queries.contains(q.name()))
                .toList();
        Files.createDirectories(common.workDir);
        Path runDir = common.workDir.resolve("scale-run-" + started).toAbsolutePath().normalize();
        Path file = common.workDir.resolve("scale-" + started + ".json").toAbsolutePath().normalize();
        List<Setup> setups = new ArrayList<>();
        List<Phase> phases = new ArrayList<>();
        DatasetFill.Published published;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(runDir.resolve("kafka"), 0, BROKER_SETTINGS);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()))) {
            String bootstrap = broker.bootstrapServers();
            int partitions = provision(admin, bootstrap);
            int most = options.instances.stream().max(Integer::compare).orElse(1);
            if (most > partitions) {
                throw new IllegalArgumentException("--instances " + most + " is more than the " + partitions
                        + " partitions of " + Topics.defaults().events() + ": an instance would have nothing to serve");
            }
            System.out.println("broker " + bootstrap + " (" + BROKER_SETTINGS + "); " + streamsSettings(bootstrap));
            published = DatasetFill.publish(bootstrap, dataset, mix, common.seed, () -> "no instance runs yet");
            for (int count : options.instances) {
                header(count + (count == 1 ? " instance" : " instances"));
                try (Deployment deployment = deploy(count, bootstrap, admin, partitions, published, mix, runDir,
                        setups)) {
                    Setup setup = setups.get(setups.size() - 1);
                    for (int concurrency : common.concurrency) {
                        for (QueryMix.Query query : mix) {
                            settle(deployment);
                            phases.add(measure(deployment, setup, query, concurrency));
                            writeResult(file, resultJson(machine, published, setups, phases, true));
                        }
                    }
                }
                if (!common.keep) {
                    deleteRecursively(runDir.resolve("n" + count));
                }
            }
        }
        header("results");
        printResults(machine, published, setups, phases);
        writeResult(file, resultJson(machine, published, setups, phases, false));
        System.out.println("result written to " + file);
        if (common.keep) {
            System.out.println("kept the broker, state and instance logs in " + runDir);
        } else {
            deleteRecursively(runDir);
        }
    }

    private int provision(Admin admin, String bootstrap) throws Exception {
        Path topics = Path.of("topics");
        TopicProvisioner.ensureTopics(admin, TopicDefinitions.loadDefault(Files.isDirectory(topics) ? topics : null),
                (short) 1);
        DevRegistration.register(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), Topics.defaults(),
                QueryClient.API_KEY);
        String events = Topics.defaults().events();
        return admin.describeTopics(List.of(events)).allTopicNames().get(60, TimeUnit.SECONDS).get(events)
                .partitions().size();
    }

    /** The Streams settings an instance runs with (production {@code StreamsSettings} and any KAFKA_* variables). */
    private static String streamsSettings(String bootstrap) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putAll(IndexerProcess.instanceEnvironment(Path.of("state"), 8080, bootstrap, "cluster-index",
                QueryClient.API_KEY));
        Properties props = StreamsSettings.of(Config.fromEnvironment(env), bootstrap, "instance");
        return "instances' Streams settings: " + StreamsConfig.PROCESSING_GUARANTEE_CONFIG + "="
                + props.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG) + ", "
                + StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG + "="
                + props.getOrDefault(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "0 (default)") + ", "
                + StreamsConfig.NUM_STREAM_THREADS_CONFIG + "="
                + props.getOrDefault(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "1 (default)") + ", "
                + StreamsConfig.COMMIT_INTERVAL_MS_CONFIG + "=" + props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
    }

    // ---------------------------------------------------------------- setting up N instances

    /**
     * Starts {@code count} instances under a fresh application id and waits until they serve the namespace as a
     * whole; starts again under another id (up to {@value #ATTEMPTS} times) when an instance was left without a
     * partition. Adds the {@link Setup} to {@code setups}.
     */
    private Deployment deploy(int count, String bootstrap, Admin admin, int partitions, DatasetFill.Published published,
                              List<QueryMix.Query> mix, Path runDir, List<Setup> setups) throws Exception {
        int maxConcurrency = common.concurrency.stream().max(Integer::compare).orElse(1);
        for (int attempt = 1; ; attempt++) {
            String applicationId = "cluster-index-scale-n" + count + (attempt > 1 ? "-" + attempt : "");
            long start = System.nanoTime();
            Deployment deployment = Deployment.start(count, applicationId, bootstrap,
                    runDir.resolve("n" + count).resolve("attempt-" + attempt), options.instanceHeap(),
                    common.client, Duration.ofSeconds(common.timeoutSeconds), maxConcurrency);
            try {
                deployment.awaitReady(READY_TIMEOUT);
                double startSeconds = seconds(System.nanoTime() - start);
                for (IndexerProcess instance : deployment.instances()) {
                    System.out.printf(Locale.ROOT, "  %s: pid %d, HTTP and APPLICATION_SERVER localhost:%d%n",
                            instance.name(), instance.pid(), instance.httpPort());
                }
                System.out.printf(Locale.ROOT, "%d instance(s) of %s ready %.1f s after their start%n", count,
                        applicationId, startSeconds);
                Assignment assignment = awaitSpread(deployment, admin, partitions);
                System.out.println("active " + Topics.defaults().events() + " partitions: " + assignment.describe());
                if (assignment.verdict() != Assignment.Verdict.SPREAD) {
                    if (attempt >= ATTEMPTS) {
                        throw new IllegalStateException("after " + ATTEMPTS + " attempts the partitions are still not"
                                + " spread over the " + count + " instances: " + assignment.describe());
                    }
                    warn("%d instances: %s left an instance without partitions (%s); starting again under another"
                            + " application id", count, applicationId, assignment.describe());
                    deployment.close();
                    continue;
                }
                double foldSeconds = DatasetFill.awaitView(deployment.clients().get(0), published, start,
                        () -> "instance logs in " + runDir.resolve("n" + count));
                System.out.printf(Locale.ROOT, "the stats show all %,d clusters %.1f s after the instances started%n",
                        published.clusters(), foldSeconds);
                Map<String, byte[]> bodies = awaitProbes(deployment, mix, published);
                setups.add(new Setup(count, applicationId, attempt, startSeconds, foldSeconds, assignment, bodies,
                        loadAverage()));
                return deployment;
            } catch (Exception | Error e) {
                deployment.close();
                throw e;
            }
        }
    }

    /**
     * Polls the consumer group until every partition is served; answers the assignment once it has been complete
     * and {@link Assignment.Verdict#SPREAD} (or still uneven after {@link #UNEVEN_GRACE}: a rebalance may follow).
     */
    private Assignment awaitSpread(Deployment deployment, Admin admin, int partitions) throws InterruptedException {
        long deadline = System.nanoTime() + SPREAD_TIMEOUT.toNanos();
        long unevenSince = -1;
        Assignment last = null;
        while (System.nanoTime() < deadline) {
            deployment.requireAlive();
            last = deployment.assignment(admin, partitions);
            switch (last.verdict()) {
                case SPREAD -> {
                    return last;
                }
                case UNEVEN -> {
                    if (unevenSince < 0) {
                        unevenSince = System.nanoTime();
                    } else if (System.nanoTime() - unevenSince > UNEVEN_GRACE.toNanos()) {
                        return last;
                    }
                }
                case INCOMPLETE -> unevenSince = -1;
                default -> throw new IllegalStateException("verdict " + last.verdict());
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the partitions were not all served within " + SPREAD_TIMEOUT.toSeconds()
                + " s: " + (last == null ? "no group" : last.describe()));
    }

    /**
     * Sends each query of the mix through every instance until every answer is checked correct and the fixed
     * queries answer the same bytes everywhere; answers those bodies by query name (null for a random get).
     */
    private Map<String, byte[]> awaitProbes(Deployment deployment, List<QueryMix.Query> mix,
                                            DatasetFill.Published published) throws InterruptedException {
        long deadline = System.nanoTime() + PROBE_TIMEOUT.toNanos();
        while (true) {
            Map<String, byte[]> bodies = new LinkedHashMap<>();
            List<String> problems = new ArrayList<>();
            List<String> lines = new ArrayList<>();
            for (QueryMix.Query query : mix) {
                for (int i = 0; i < deployment.clients().size(); i++) {
                    String instance = deployment.instances().get(i).name();
                    ProbeCheck.Probe probe = ProbeCheck.probe(deployment.clients().get(i), query,
                            new SplittableRandom(common.seed), published, message -> { });
                    lines.add(String.format(Locale.ROOT, "  %-3s via %-10s %8.1f ms  %-30s %s", query.name(),
                            instance, probe.ms(), probe.summary(), probe.verdict()));
                    probe.problems().forEach(p -> problems.add(query.name() + " via " + instance + ": " + p));
                    if (probe.ok() && query.kind() != QueryMix.Kind.GET) {
                        byte[] first = bodies.putIfAbsent(query.name(), probe.response().body());
                        if (first != null && !Arrays.equals(first, probe.response().body())) {
                            problems.add(query.name() + " via " + instance + ": the body differs from instance-1's");
                        }
                    }
                }
            }
            if (problems.isEmpty()) {
                System.out.println("probe (every query through every instance, checked in full, same bytes):");
                lines.forEach(System.out::println);
                return bodies;
            }
            if (System.nanoTime() > deadline) {
                lines.forEach(System.out::println);
                throw new IllegalStateException("the instances did not all answer correctly within "
                        + PROBE_TIMEOUT.toSeconds() + " s: " + problems);
            }
            deployment.requireAlive();
            Thread.sleep(1000);
        }
    }

    // ---------------------------------------------------------------- measuring

    /** Waits until the instances and this JVM are nearly idle (standby replicas caught up, GC done). */
    private void settle(Deployment deployment) throws InterruptedException {
        String unsettled = BenchSupport.settle(() -> ownCpuNanos(deployment),
                Duration.ofSeconds(2L * common.timeoutSeconds + 30));
        if (unsettled != null) {
            warn("%s", unsettled);
        }
    }

    private static long ownCpuNanos(Deployment deployment) {
        long sum = BenchSupport.Resources.now().cpuNanos();
        for (long cpu : deployment.cpuNanos()) {
            if (cpu < 0 || sum < 0) {
                return -1;
            }
            sum += cpu;
        }
        return sum;
    }

    private Phase measure(Deployment deployment, Setup setup, QueryMix.Query query, int concurrency)
            throws InterruptedException {
        String label = query.name() + " c=" + concurrency;
        byte[] expected = setup.bodies().get(query.name());
        Predicate<byte[]> valid = expected == null ? body -> query.looksValid(body, true)
                : body -> Arrays.equals(body, expected);
        List<QueryClient> targets = deployment.clients();
        ClosedLoop.Result warmup = ClosedLoop.run(targets, query, concurrency, common.warmupSeconds, 0, valid,
                common.seed, label + " warm-up", () -> { });
        if (warmup.requests() == 0 && warmup.errors() > 0) {
            System.out.printf(Locale.ROOT, "  %-7s SKIPPED: every warm-up request failed (%s)%n", label,
                    warmup.firstError());
            warn("%d instances, %s skipped: every warm-up request failed (%s)", setup.instances(), label,
                    warmup.firstError());
            return new Phase(setup.instances(), query.name(), concurrency, warmup, new double[0], 0, 0, loadAverage(),
                    true);
        }
        long[] instancesBefore = deployment.cpuNanos();
        CpuSample before = CpuSample.now();
        ClosedLoop.Result loop = ClosedLoop.run(targets, query, concurrency, common.durationSeconds, common.requests,
                valid, common.seed, label, deployment::requireAlive);
        CpuSample after = CpuSample.now();
        long[] instancesAfter = deployment.cpuNanos();
        CpuSample.Delta delta = after.since(before);
        double[] instanceCores = new double[instancesBefore.length];
        for (int i = 0; i < instanceCores.length; i++) {
            instanceCores[i] = instancesBefore[i] < 0 || instancesAfter[i] < 0 ? Double.NaN
                    : (instancesAfter[i] - instancesBefore[i]) / 1e9 / delta.wallSeconds();
        }
        double instances = Arrays.stream(instanceCores).sum();
        Phase phase = new Phase(setup.instances(), query.name(), concurrency, loop, instanceCores,
                delta.processCores(), Math.max(0, delta.otherCores() - instances), loadAverage(), false);
        System.out.println(loop.line(label) + String.format(Locale.ROOT, "  cores: instances %s, this JVM %s,"
                + " others %s", fmt(instances, 2), fmt(phase.driverCores(), 2), fmt(phase.otherCores(), 2)));
        loop.problems(setup.instances() + " instances, " + label).forEach(problem -> warn("%s", problem));
        return phase;
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    // ---------------------------------------------------------------- report

    private static final String ROW = "%-3s %-5s %4s %9s %7s %9s %8s %8s %8s %8s %10s %8s %6s %6s %5s  %s%n";

    private void printResults(Machine machine, DatasetFill.Published published, List<Setup> setups,
                              List<Phase> phases) {
        System.out.println(machine.describeLines());
        System.out.printf(Locale.ROOT, "N = %,d clusters (%,d events); %s s per phase after a %s s warm-up; requests"
                        + " round-robin over the instances; latencies client-side (sent -> whole body read),"
                        + " HTTP/1.1 keep-alive on 127.0.0.1%n", published.clusters(), published.report().events(),
                fmt(common.durationSeconds, 1), fmt(common.warmupSeconds, 1));
        System.out.println("cores inst: cores used by the instance JVMs together; ms/req: their CPU per answered"
                + " request; JVM: this JVM (client and broker); other: other processes on the machine");
        for (Setup s : setups) {
            System.out.printf(Locale.ROOT, "%d instance(s) (%s%s): ready in %.1f s, all clusters visible %.1f s after"
                            + " the start; active partitions %s; load average %.2f%n", s.instances(),
                    s.applicationId(), s.attempt() > 1 ? ", attempt " + s.attempt() : "", s.startSeconds(),
                    s.foldSeconds(), s.assignment().describe(), s.loadAverage());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, ROW, "N", "query", "conc", "requests", "errors", "q/s", "p50 ms", "p90 ms",
                "p99 ms", "max ms", "cores inst", "ms/req", "JVM", "other", "load", "requests per instance");
        for (Phase p : phases) {
            ClosedLoop.Result r = p.loop();
            System.out.printf(Locale.ROOT, ROW, p.instances(), p.query(), p.concurrency(),
                    String.format(Locale.ROOT, "%,d", r.requests()),
                    p.skipped() ? "skipped" : r.errors() + (r.invalid() > 0 ? "+" + r.invalid() + "i" : ""),
                    fmt(r.qps(), 1), fmt(r.ms(50), 2), fmt(r.ms(90), 2), fmt(r.ms(99), 2), fmt(r.maxMs(), 2),
                    fmt(p.instancesCores(), 2), fmt(p.instancesCpuMsPerRequest(), 1), fmt(p.driverCores(), 2),
                    fmt(p.otherCores(), 2), fmt(p.loadAverage(), 1), Arrays.toString(r.perTarget()));
        }
        System.out.println();
        System.out.println("q/s by instance count (p50 / p99 ms):");
        for (int concurrency : common.concurrency) {
            for (String query : common.queries) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-3s c=%-2d", query, concurrency));
                for (Phase p : phases) {
                    if (p.query().equals(query) && p.concurrency() == concurrency) {
                        line.append(String.format(Locale.ROOT, "   N=%d %8s q/s (%s / %s)", p.instances(),
                                fmt(p.loop().qps(), 1), fmt(p.loop().ms(50), 1), fmt(p.loop().ms(99), 1)));
                    }
                }
                System.out.println(line);
            }
        }
        long errors = phases.stream().mapToLong(p -> p.loop().errors() + p.loop().invalid()).sum();
        System.out.println();
        System.out.println(errors == 0 ? "every answer was a 200 with the expected body"
                : errors + " answers were errors or had an unexpected body (see the warnings)");
        warnings.printSummary();
    }

    private ObjectNode resultJson(Machine machine, DatasetFill.Published published, List<Setup> setups,
                                  List<Phase> phases, boolean partial) {
        ObjectNode root = Json.NODES.objectNode();
        root.set("machine", machine.toJson());
        ObjectNode o = common.toJson();
        o.put("instance_heap", options.instanceHeap());
        o.set("instances", Json.MAPPER.valueToTree(options.instances));
        root.set("options", o);
        ObjectNode f = root.putObject("fill");
        f.put("events", published.report().events());
        f.put("publish_s", published.publishSeconds());
        f.set("expected_totals", Json.MAPPER.valueToTree(published.expectedTotals()));
        ArrayNode s = root.putArray("setups");
        for (Setup setup : setups) {
            ObjectNode row = s.addObject();
            row.put("instances", setup.instances());
            row.put("application_id", setup.applicationId());
            row.put("attempt", setup.attempt());
            row.put("ready_s", setup.startSeconds());
            row.put("all_visible_s", setup.foldSeconds());
            row.put("load_average", setup.loadAverage());
            ObjectNode assigned = row.putObject("active_partitions");
            setup.assignment().byInstance().forEach((name, owned) ->
                    assigned.set(name, Json.MAPPER.valueToTree(owned.stream().sorted().toList())));
        }
        ArrayNode rows = root.putArray("phases");
        for (Phase p : phases) {
            ObjectNode row = rows.addObject();
            row.put("instances", p.instances());
            row.put("query", p.query());
            row.put("concurrency", p.concurrency());
            p.loop().putJson(row);
            row.put("skipped", p.skipped());
            row.set("requests_per_instance", Json.MAPPER.valueToTree(p.loop().perTarget()));
            row.set("instance_cores", Json.MAPPER.valueToTree(p.instanceCores()));
            row.put("instances_cpu_ms_per_request", p.instancesCpuMsPerRequest());
            row.put("this_jvm_cores", p.driverCores());
            row.put("other_cores", p.otherCores());
            row.put("load_average", p.loadAverage());
        }
        warnings.addTo(root.putArray("warnings"));
        if (partial) {
            root.put("partial", true);
        }
        return root;
    }

    private void warn(String format, Object... args) {
        warnings.add(format, args);
    }

    /**
     * The query benchmark's options (same meaning; --keep-going does not apply), with other defaults: the list
     * queries q1..q5 only, a 1 s warm-up; plus the instance counts and the instances' heap.
     */
    @Command(name = "bench/scale.sh", synopsisHeading = "", sortOptions = false, separator = " ",
            usageHelpWidth = 120, customSynopsis = {
                "usage: bench/scale.sh [--clusters N] [--instances 1,2,3] [--duration-s S] [--warmup-s W]",
                "                      [--concurrency 1,8] [--queries q1,...,q5] [--instance-heap SIZE] [--requests R]",
                "                      [--timeout-s T] [--client url|jdk] [--seed S] [--work-dir DIR] [--quick] [--keep]"},
            footer = "KAFKA_* environment variables override the instances' Streams settings as in production.")
    static final class Options implements BenchSupport.Options {
        static final List<String> LIST_QUERIES = List.of("q1", "q2", "q3", "q4", "q5");

        final QueryBenchmark.Options common = new QueryBenchmark.Options();
        List<Integer> instances = List.of(1, 2, 3);
        @Option(names = "--instance-heap", order = 7, paramLabel = "SIZE", converter = Converters.HeapSize.class,
                description = "-Xmx of each instance JVM (default 1g, 3g from 300000 clusters)")
        String instanceHeap;
        @Option(names = {"-h", "--help"}, usageHelp = true, hidden = true)
        boolean help;

        @Option(names = "--clusters", order = 1, paramLabel = "N", converter = Converters.PositiveInt.class,
                description = "clusters in the namespace (default 100000)")
        void clusters(int clusters) {
            common.clusters = clusters;
        }

        @Option(names = "--instances", order = 2, paramLabel = "L", description = "comma-separated instance counts, run in this"
                + " order (default 1,2,3; at most the partitions of cluster-events)")
        void instances(String counts) {
            instances = Converters.positiveInts("--instances", counts);
        }

        @Option(names = "--duration-s", order = 3, paramLabel = "S", converter = Converters.PositiveDouble.class,
                description = "measured seconds per query, concurrency and instance count (default 10)")
        void durationSeconds(double seconds) {
            common.durationSeconds = seconds;
        }

        @Option(names = "--warmup-s", order = 4, paramLabel = "W", converter = Converters.NonNegativeDouble.class,
                description = "warm-up per phase, not measured (default 1)")
        void warmupSeconds(double seconds) {
            common.warmupSeconds = seconds;
        }

        @Option(names = "--concurrency", order = 5, paramLabel = "L",
                description = "comma-separated levels of closed-loop client threads (default 1,8)")
        void concurrency(String levels) {
            common.concurrency(levels);
        }

        @Option(names = "--queries", order = 6, paramLabel = "Q",
                description = "a subset of q1..q7 (default q1,q2,q3,q4,q5: the list queries)")
        void queries(String names) {
            common.queries = Converters.queryNames("--queries", names);
        }

        @Option(names = "--requests", order = 8, paramLabel = "R", converter = Converters.PositiveLong.class,
                description = "also stop a measured phase after R requests (default: no cap)")
        void requests(long requests) {
            common.requests = requests;
        }

        @Option(names = "--timeout-s", order = 9, paramLabel = "T", converter = Converters.PositiveInt.class,
                description = "per-request timeout, counted as an error (default 60)")
        void timeoutSeconds(int seconds) {
            common.timeoutSeconds = seconds;
        }

        @Option(names = "--client", order = 10, paramLabel = "url|jdk", converter = Converters.Client.class,
                description = "HttpURLConnection (default) or java.net.http.HttpClient")
        void client(String client) {
            common.client = client;
        }

        @Option(names = "--seed", order = 11, paramLabel = "S", converter = Converters.AnyLong.class,
                description = "seed of the generated clusters (default 42)")
        void seed(long seed) {
            common.seed = seed;
        }

        @Option(names = "--work-dir", order = 12, paramLabel = "DIR", description = "where the broker, state and instance logs"
                + " go, in a fresh scale-run-<time> folder, and the JSON result (default target/bench)")
        void workDir(Path dir) {
            common.workDir = dir;
        }

        @Option(names = "--quick", order = 13, description = "smoke test: 10000 clusters, 3 s per phase (explicit options win)")
        void quick(boolean quick) {
            common.quick = quick;
        }

        @Option(names = "--keep", order = 14, description = "keep the broker, state and instance logs after the run")
        void keep(boolean keep) {
            common.keep = keep;
        }

        /** The instances' -Xmx: as given, else 1g, or 3g from 300,000 clusters (1M takes 1.2 GiB after GC). */
        String instanceHeap() {
            return instanceHeap != null ? instanceHeap : common.clusters >= 300_000 ? "3g" : "1g";
        }

        static Options parse(String... args) {
            return BenchSupport.parse(new Options(), args);
        }

        @Override
        public void resolve(ParseResult parsed) {
            common.resolve(parsed);
            if (common.queries.isEmpty()) {
                common.queries = LIST_QUERIES;
            }
            if (!parsed.hasMatchedOption("--warmup-s")) {
                common.warmupSeconds = 1;
            }
        }
    }
}
