package io.clusterindex.app;

import io.clusterindex.auth.Authenticator;
import io.clusterindex.auth.DevRegistration;
import io.clusterindex.auth.TenancyIndex;
import io.clusterindex.http.Health;
import io.clusterindex.http.HttpServer;
import io.clusterindex.index.ViewIndex;
import io.clusterindex.index.ViewPositions;
import io.clusterindex.kafka.BrokerProbe;
import io.clusterindex.kafka.CommittedRecordsPurger;
import io.clusterindex.kafka.EmbeddedKafkaBroker;
import io.clusterindex.kafka.StateDirLock;
import io.clusterindex.kafka.TopicDefinition;
import io.clusterindex.kafka.TopicDefinitions;
import io.clusterindex.kafka.TopicProvisioner;
import io.clusterindex.live.LiveStats;
import io.clusterindex.live.StatsTopicReader;
import io.clusterindex.metrics.IndexerMetrics;
import io.clusterindex.query.ClusterQueries;
import io.clusterindex.query.LocalPartitions;
import io.clusterindex.query.LocalViewQueries;
import io.clusterindex.query.ReadYourWrites;
import io.clusterindex.query.Scheduler;
import io.clusterindex.scatter.ClusterReads;
import io.clusterindex.scatter.InternalCredential;
import io.clusterindex.scatter.LocalShard;
import io.clusterindex.scatter.PeerShard;
import io.clusterindex.scatter.StreamsMembership;
import io.clusterindex.topology.ClusterIndexTopology;
import io.clusterindex.topology.FoldCounters;
import io.clusterindex.topology.StoreNames;
import io.clusterindex.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole indexer wired together: state directory lock, embedded broker (when no Kafka is configured), topics,
 * stream processor and HTTP server. {@link #close()} stops them in reverse order.
 */
public final class ClusterIndexApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterIndexApp.class);
    /** How long another instance's share of a request may take beyond the request's own {@code X-Wait-Ms}. */
    static final Duration PEER_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PEER_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How many local shares run at once (public requests and other instances' internal ones): waits for offsets hold
     * none, so these threads only ever query; more than any benchmark's concurrency, so that only an overload queues.
     */
    static final int LOCAL_SHARE_THREADS = 64;
    /** The HTTP client's threads, which only hand over its answers: no thread waits for a peer. */
    private static final int PEER_EXCHANGE_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    /** How often the records of the rerouted-events topic that every task has consumed are deleted (as Streams). */
    private static final Duration PURGE_INTERVAL = Duration.ofSeconds(30);
    /** How often {@code /health/ready}'s Kafka probe runs, and how long one may take. */
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    /** What a refusal while creating topics means, once the topics that exist are known to be visible. */
    private static final String MISSING_TOPIC = "CREATE on";

    private final Config config;
    private final StateDirLock lock;
    private final EmbeddedKafkaBroker broker;
    private final String bootstrapServers;
    private final KafkaStreams streams;
    private final CommittedRecordsPurger purger;
    private final LocalViewQueries queries;
    private final FoldCounters counters;
    private final List<ExecutorService> readPools;
    private final HttpServer http;
    private final IndexerMetrics metrics;
    private final StatsTopicReader liveStats;
    private final BrokerProbe probe;

    private ClusterIndexApp(Config config, StateDirLock lock, EmbeddedKafkaBroker broker, String bootstrapServers,
                            KafkaStreams streams, CommittedRecordsPurger purger, LocalViewQueries queries,
                            FoldCounters counters, List<ExecutorService> readPools, HttpServer http,
                            IndexerMetrics metrics, StatsTopicReader liveStats, BrokerProbe probe) {
        this.config = config;
        this.lock = lock;
        this.broker = broker;
        this.bootstrapServers = bootstrapServers;
        this.streams = streams;
        this.purger = purger;
        this.queries = queries;
        this.counters = counters;
        this.readPools = readPools;
        this.http = http;
        this.metrics = metrics;
        this.liveStats = liveStats;
        this.probe = probe;
    }

    /** Starts everything; on failure, stops what was started and rethrows. */
    public static ClusterIndexApp start(Config config) {
        return start(config, () -> LOG.error("stream processor stopped after an unrecoverable error"));
    }

    /**
     * Starts everything; {@code onFatal} runs (on a stream thread: hand work off) when the stream processor
     * stops for good after an unrecoverable error.
     */
    public static ClusterIndexApp start(Config requested, Runnable onFatal) {
        Config config = requested.httpPort() == 0 ? requested.withHttpPort(freePort()) : requested;
        List<TopicDefinition> topicDefinitions = TopicDefinitions.loadDefault(topicsDir(config));
        StateDirLock lock = StateDirLock.acquire(config.stateDir());
        EmbeddedKafkaBroker broker = null;
        KafkaStreams streams = null;
        CommittedRecordsPurger purger = null;
        ExecutorService localShares = null;
        ExecutorService peerExchanges = null;
        IndexerMetrics metrics = new IndexerMetrics();
        StatsTopicReader liveReader = null;
        BrokerProbe probe = null;
        KafkaAccess access = KafkaAccess.of(config);
        try {
            String bootstrap;
            if (config.embeddedBroker()) {
                broker = EmbeddedKafkaBroker.start(config.stateDir().resolve("kafka"), config.embeddedBrokerPort());
                bootstrap = broker.bootstrapServers();
            } else {
                bootstrap = config.bootstrapServers().orElseThrow();
            }
            Topics topics = Topics.forApplication(config.applicationId());
            int eventPartitions = provisionTopics(config, bootstrap, topicDefinitions, topics, access);
            InternalCredential credential = InternalCredential.resolve(config.internalToken(),
                    clientProperties(config, bootstrap));
            if (config.devApiKey().isPresent()) {
                DevRegistration.register(clientProperties(config, bootstrap), Topics.defaults(), config.devApiKey().get());
            }
            FoldCounters counters = new FoldCounters();
            ViewPositions positions = new ViewPositions(eventPartitions);
            Properties streamsProperties = StreamsSettings.of(config, bootstrap, InstanceId.of(config.stateDir()));
            ViewIndex index = new ViewIndex();
            TenancyIndex tenancy = new TenancyIndex();
            streams = new KafkaStreams(ClusterIndexTopology.build(topics, counters, index, positions, tenancy,
                    streamsProperties), streamsProperties);
            metrics.bindFold(counters);
            metrics.bindStreams(streams, config.metricsMaxNamespaces());
            streams.setUncaughtExceptionHandler(new ThreadFailurePolicy(access));
            KafkaStreams started = streams;
            streams.setStateListener((next, previous) -> {
                LOG.info("stream processor {} -> {}", previous, next);
                if (next == KafkaStreams.State.ERROR) {
                    onFatal.run();
                }
            });
            streams.start();
            purger = CommittedRecordsPurger.start(clientProperties(config, bootstrap), config.applicationId(),
                    topics.rerouted(), PURGE_INTERVAL);
            LocalViewQueries queries = new LocalViewQueries(streams);
            ReadYourWrites readYourWrites = new ReadYourWrites(positions,
                    new LocalPartitions(streams, topics.events())::mayHostAny);
            metrics.bindView(index, eventPartitions, readYourWrites::positions);
            String statsTopic = config.applicationId() + "-" + StoreNames.STATS_DELTAS + "-repartition";
            localShares = boundedPool("local-share", LOCAL_SHARE_THREADS);
            peerExchanges = boundedPool("peer-exchange", PEER_EXCHANGE_THREADS);
            LocalShard shard = new LocalShard(new ClusterQueries(queries, index, config.listAdmission()), queries, readYourWrites, statsTopic,
                    config.standbyMaxLag(), localShares);
            HttpClient peers = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(PEER_CONNECT_TIMEOUT).executor(peerExchanges).build();
            ClusterReads reads = new ClusterReads(new StreamsMembership(streams),
                    HostInfo.buildFromEndpoint(config.applicationServer()), topics.events(), eventPartitions,
                    statsTopic, shard, host -> new PeerShard(peers, host, credential, PEER_TIMEOUT), PEER_TIMEOUT,
                    Clock.systemUTC(), Scheduler.system(), metrics.scatter());
            LiveStats live = new LiveStats();
            BrokerProbe brokerProbe = BrokerProbe.start(clientProperties(config, bootstrap), PROBE_INTERVAL,
                    PROBE_TIMEOUT);
            probe = brokerProbe;
            liveReader = StatsTopicReader.start(clientProperties(config, bootstrap), topics.stats(),
                    Topics.STATS_ORGANIZATION_HEADER, live);
            HttpServer http = HttpServer.create(new HttpServer.Services(reads, shard, credential,
                    new Authenticator(tenancy), readYourWrites::positions,
                    () -> readiness(Health.Ready.of(queries.ready(), started.state().name(), counters.appliedCount(),
                            counters.duplicateCount(), counters.deadLetteredCount(), counters.reroutedCount(),
                            counters.handedOverCount(), counters.adoptedCount()), brokerProbe)), metrics.requests(),
                    metrics.exposition(), live, config.statsStreams())
                    .start(config.httpPort());
            return new ClusterIndexApp(config, lock, broker, bootstrap, streams, purger, queries, counters,
                    List.of(localShares, peerExchanges), http, metrics, liveReader, probe);
        } catch (RuntimeException e) {
            if (probe != null) {
                probe.close();
            }
            if (liveReader != null) {
                liveReader.close();
            }
            shutdown(Arrays.asList(localShares, peerExchanges));
            if (purger != null) {
                purger.close();
            }
            if (streams != null) {
                streams.close(leaveGroup(Duration.ofSeconds(30)));
            }
            metrics.close();
            if (broker != null) {
                broker.close();
            }
            lock.close();
            throw access.translate(e).<RuntimeException>map(denied -> denied).orElse(e);
        }
    }

    private static Health.Ready readiness(Health.Ready view, BrokerProbe probe) {
        return probe.reachability() == BrokerProbe.Reachability.REACHABLE ? view : view.kafkaUnreachable();
    }

    /**
     * Threads that start when needed, up to {@code threads}, and end after a minute idle; more work waits in the
     * queue (its length is bounded by the HTTP server's own threads).
     */
    private static ExecutorService boundedPool(String name, int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static void shutdown(List<ExecutorService> pools) {
        pools.stream().filter(Objects::nonNull).forEach(ExecutorService::shutdownNow);
    }

    /** Leaving the group on shutdown hands the partitions to the other instances at once. */
    private static CloseOptions leaveGroup(Duration timeout) {
        return CloseOptions.timeout(timeout).withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port for HTTP_PORT=0", e);
        }
    }

    private static Path topicsDir(Config config) {
        if (config.topicsDir().isPresent()) {
            return config.topicsDir().get();
        }
        Path local = Path.of("topics");
        return Files.isDirectory(local) ? local : null;
    }

    private static Map<String, Object> clientProperties(Config config, String bootstrap) {
        Map<String, Object> props = new java.util.HashMap<>(config.kafkaOverrides());
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return props;
    }

    /**
     * Creates the missing topics, and the rerouted-events topic with as many partitions as {@code cluster-events};
     * checks that the indexer may use them as it does; answers how many partitions {@code cluster-events} has.
     */
    private static int provisionTopics(Config config, String bootstrap, List<TopicDefinition> definitions,
                                       Topics topics, KafkaAccess access) {
        try (Admin admin = Admin.create(clientProperties(config, bootstrap))) {
            short replication = (short) (config.embeddedBroker() ? 1 : -1);
            access.checkVisible(admin, topics);
            int partitions;
            try {
                TopicProvisioner.ensureTopics(admin, definitions, replication);
                partitions = TopicProvisioner.partitionsOf(admin, topics.events());
                TopicProvisioner.ensurePartitions(admin, ClusterIndexTopology.reroutedTopic(topics, partitions),
                        replication);
            } catch (KafkaException e) {
                throw access.translate(e, MISSING_TOPIC).<KafkaException>map(denied -> denied).orElse(e);
            }
            access.checkTopics(admin, topics);
            return partitions;
        }
    }

    public Config config() {
        return config;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embeddedBroker() {
        return broker != null;
    }

    public int httpPort() {
        return http.port();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public LocalViewQueries queries() {
        return queries;
    }

    public FoldCounters counters() {
        return counters;
    }

    /** Stops the HTTP server, then the stream processor (committing its work), then the embedded broker. */
    @Override
    public void close() {
        http.close();
        probe.close();
        liveStats.close();
        shutdown(readPools);
        purger.close();
        streams.close(leaveGroup(Duration.ofSeconds(60)));
        metrics.close();
        if (broker != null) {
            broker.close();
        }
        lock.close();
        LOG.info("cluster-index stopped");
    }
}
