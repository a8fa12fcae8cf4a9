package io.clusterindex;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import io.clusterindex.topology.EventRouting;
import io.clusterindex.topology.FoldCounters;
import io.clusterindex.topology.StoreNames;
import io.clusterindex.topology.TableListener;
import io.clusterindex.topology.Topics;

/**
 * The package dependencies that each {@code package-info.java} states, checked on the production classes: the
 * build fails when a change breaks the layering. docs/architecture.md lists these rules by name.
 */
@AnalyzeClasses(packages = "io.clusterindex", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String APP = "io.clusterindex.app..";
    private static final String AUTH = "io.clusterindex.auth..";
    private static final String BENCH = "io.clusterindex.bench..";
    private static final String CLI = "io.clusterindex.cli..";
    private static final String ENGINE = "io.clusterindex.engine..";
    private static final String EVENTS = "io.clusterindex.events..";
    private static final String FILTER = "io.clusterindex.filter..";
    private static final String FOLD = "io.clusterindex.fold..";
    private static final String GENERATE = "io.clusterindex.generate..";
    private static final String HTTP = "io.clusterindex.http..";
    private static final String INDEX = "io.clusterindex.index..";
    private static final String JSON = "io.clusterindex.json..";
    private static final String KAFKA = "io.clusterindex.kafka..";
    private static final String LIVE = "io.clusterindex.live..";
    private static final String METRICS = "io.clusterindex.metrics..";
    private static final String QUERY = "io.clusterindex.query..";
    private static final String REQUEST = "io.clusterindex.request..";
    private static final String SCATTER = "io.clusterindex.scatter..";
    private static final String STATS = "io.clusterindex.stats..";
    private static final String TIME = "io.clusterindex.time..";
    private static final String TOPOLOGY = "io.clusterindex.topology..";

    /** The "May use" line of every package-info.java, one layer per package. */
    @ArchTest
    static final ArchRule each_package_uses_only_what_its_package_info_allows = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("app").definedBy(APP)
            .layer("auth").definedBy(AUTH)
            .layer("cli").definedBy(CLI)
            .layer("engine").definedBy(ENGINE)
            .layer("events").definedBy(EVENTS)
            .layer("filter").definedBy(FILTER)
            .layer("fold").definedBy(FOLD)
            .layer("generate").definedBy(GENERATE)
            .layer("http").definedBy(HTTP)
            .layer("index").definedBy(INDEX)
            .layer("json").definedBy(JSON)
            .layer("kafka").definedBy(KAFKA)
            .layer("live").definedBy(LIVE)
            .layer("metrics").definedBy(METRICS)
            .layer("query").definedBy(QUERY)
            .layer("request").definedBy(REQUEST)
            .layer("scatter").definedBy(SCATTER)
            .layer("stats").definedBy(STATS)
            .layer("time").definedBy(TIME)
            .layer("topology").definedBy(TOPOLOGY)
            .whereLayer("app").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("cli").mayNotBeAccessedByAnyLayer()
            .whereLayer("metrics").mayOnlyBeAccessedByLayers("app")
            .whereLayer("json").mayNotAccessAnyLayer()
            .whereLayer("time").mayNotAccessAnyLayer()
            .whereLayer("events").mayOnlyAccessLayers("json", "time")
            .whereLayer("fold").mayOnlyAccessLayers("events", "json", "time")
            .whereLayer("stats").mayOnlyAccessLayers("json")
            .whereLayer("generate").mayOnlyAccessLayers("events", "json")
            .whereLayer("filter").mayOnlyAccessLayers("fold", "json", "time")
            .whereLayer("engine").mayOnlyAccessLayers("filter", "fold", "json", "time")
            .whereLayer("request").mayOnlyAccessLayers("engine", "filter", "fold", "json", "time")
            .whereLayer("index").mayOnlyAccessLayers("engine", "filter", "fold", "json", "time")
            .whereLayer("kafka").mayOnlyAccessLayers("json")
            .whereLayer("live").mayOnlyAccessLayers("json")
            .whereLayer("topology").mayOnlyAccessLayers("events", "fold", "stats", "index", "kafka", "json")
            .whereLayer("auth").mayOnlyAccessLayers("topology", "json")
            .whereLayer("query").mayOnlyAccessLayers("index", "engine", "request", "filter", "fold", "stats", "auth",
                    "topology", "json")
            .whereLayer("scatter").mayOnlyAccessLayers("query", "request", "engine", "filter", "index", "auth",
                    "stats", "topology", "json")
            .whereLayer("http").mayOnlyAccessLayers("scatter", "query", "request", "engine", "auth", "topology",
                    "live", "json")
            .whereLayer("cli").mayOnlyAccessLayers("app", "auth", "events", "generate", "kafka", "topology", "json")
            .whereLayer("metrics").mayOnlyAccessLayers("http", "scatter", "index", "stats", "events", "topology");

    @ArchTest
    static final ArchRule topology_never_depends_on_request_query_scatter_http_or_auth = noClasses()
            .that().resideInAPackage(TOPOLOGY)
            .should().dependOnClassesThat().resideInAnyPackage(REQUEST, QUERY, SCATTER, HTTP, AUTH);

    @ArchTest
    static final ArchRule the_write_path_never_depends_on_the_read_path = noClasses()
            .that().resideInAnyPackage(EVENTS, FOLD, STATS, TOPOLOGY)
            .should().dependOnClassesThat().resideInAnyPackage(REQUEST, QUERY, SCATTER, HTTP);

    /** Besides the topology, only these classes of it are a contract for other packages. */
    @ArchTest
    static final ArchRule read_side_uses_only_the_names_routing_and_counters_of_topology = noClasses()
            .that().resideInAnyPackage(AUTH, QUERY, SCATTER, HTTP, CLI, METRICS)
            .should().dependOnClassesThat(resideInAPackage(TOPOLOGY)
                    .and(not(belongToAnyOf(StoreNames.class, Topics.class, EventRouting.class, FoldCounters.class,
                            TableListener.class))));

    @ArchTest
    static final ArchRule http_never_touches_a_state_store_or_kafka_streams = noClasses()
            .that().resideInAPackage(HTTP)
            .should().dependOnClassesThat().resideInAPackage("org.apache.kafka.streams.state..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("org.apache.kafka.streams.KafkaStreams");

    /** Calls to peers go through scatter; app only builds the client it hands to scatter. */
    @ArchTest
    static final ArchRule only_scatter_calls_peers = noClasses()
            .that().resideOutsideOfPackages(SCATTER, APP, BENCH)
            .should().dependOnClassesThat().resideInAPackage("java.net.http..");

    /** http and scatter report through interfaces that metrics implements: the rest of the code knows no Micrometer. */
    @ArchTest
    static final ArchRule only_metrics_uses_micrometer = noClasses()
            .that().resideOutsideOfPackage(METRICS)
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..");

    /** The fold, the stats, the filters, the engine, request parsing and the index are plain Java. */
    @ArchTest
    static final ArchRule the_domain_uses_neither_kafka_nor_http = noClasses()
            .that().resideInAnyPackage(EVENTS, FOLD, STATS, FILTER, ENGINE, REQUEST, INDEX, JSON, TIME, GENERATE)
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.javalin..",
                    "org.eclipse.jetty..", "java.net.http..");

    /**
     * The command line's {@code serve} and the benchmarks start the app; nothing of the product depends on the
     * benchmarks or on the command line, and only the command line on the wiring.
     */
    @ArchTest
    static final ArchRule nothing_depends_on_app_cli_or_bench = CompositeArchRule
            .of(noClasses().that().resideOutsideOfPackages(APP, CLI, BENCH)
                    .should().dependOnClassesThat().resideInAPackage(APP))
            .and(noClasses().that().resideOutsideOfPackage(CLI)
                    .should().dependOnClassesThat().resideInAPackage(CLI))
            .and(noClasses().that().resideOutsideOfPackage(BENCH)
                    .should().dependOnClassesThat().resideInAPackage(BENCH));

    @ArchTest
    static final ArchRule packages_are_free_of_cycles = slices().matching("io.clusterindex.(*)..")
            .should().beFreeOfCycles();
}
