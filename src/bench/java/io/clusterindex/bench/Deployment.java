package io.clusterindex.bench;

import io.clusterindex.testkit.IndexerProcess;
import io.clusterindex.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code N} indexer instances in child JVMs forming one Kafka Streams application (a consumer group), each with its
 * own {@code STATE_DIR}, HTTP port and {@code APPLICATION_SERVER}, and a query client for each.
 */
final class Deployment implements AutoCloseable {
    private final String applicationId;
    private final List<IndexerProcess> instances;
    private final List<QueryClient> clients;

    private Deployment(String applicationId, List<IndexerProcess> instances, List<QueryClient> clients) {
        this.applicationId = applicationId;
        this.instances = instances;
        this.clients = clients;
    }

    /** Starts {@code count} instances at once (they boot in parallel), named instance-1 .. instance-N. */
    static Deployment start(int count, String applicationId, String bootstrapServers, Path dir, String heap,
                            String client, Duration requestTimeout, int concurrency) {
        List<IndexerProcess> instances = new ArrayList<>();
        List<QueryClient> clients = new ArrayList<>();
        Deployment deployment = new Deployment(applicationId, instances, clients);
        try {
            for (int i = 1; i <= count; i++) {
                String name = "instance-" + i;
                int port = freePort();
                instances.add(IndexerProcess.instance(name, dir.resolve(name), port, bootstrapServers, applicationId,
                        QueryClient.API_KEY, heap, dir.resolve(name + ".log")));
                clients.add(QueryClient.create(client, port, requestTimeout, concurrency));
            }
        } catch (RuntimeException e) {
            deployment.close();
            throw e;
        }
        return deployment;
    }

    String applicationId() {
        return applicationId;
    }

    List<IndexerProcess> instances() {
        return instances;
    }

    List<QueryClient> clients() {
        return clients;
    }

    /** Waits until every instance answers {@code /health/ready} (its stream processor RUNNING, stores queryable). */
    void awaitReady(Duration timeout) throws InterruptedException {
        for (int i = 0; i < instances.size(); i++) {
            BenchApp.waitReady(clients.get(i), timeout, instances.get(i)::requireAlive);
        }
    }

    /** Throws when an instance has exited. */
    void requireAlive() {
        instances.forEach(IndexerProcess::requireAlive);
    }

    /**
     * The active {@code cluster-events} partitions of every instance, from the consumer group's members (each
     * instance's main consumer is a static member whose {@code group.instance.id} starts with the application id
     * and the instance id in its state directory); empty while the group is not stable.
     */
    Assignment assignment(Admin admin, int partitions) throws InterruptedException {
        Map<String, Set<Integer>> byInstance = new LinkedHashMap<>();
        instances.forEach(instance -> byInstance.put(instance.name(), new TreeSet<>()));
        ConsumerGroupDescription group;
        try {
            group = admin.describeConsumerGroups(List.of(applicationId)).all().get(30, TimeUnit.SECONDS)
                    .get(applicationId);
        } catch (ExecutionException | TimeoutException e) {
            return new Assignment(byInstance, partitions);
        }
        if (group == null || group.groupState() != GroupState.STABLE) {
            return new Assignment(byInstance, partitions);
        }
        String events = Topics.defaults().events();
        for (MemberDescription member : group.members()) {
            String memberId = member.groupInstanceId().orElse("");
            for (IndexerProcess instance : instances) {
                String id = instance.instanceId();
                if (id != null && memberId.startsWith(applicationId + "-" + id)) {
                    for (TopicPartition partition : member.assignment().topicPartitions()) {
                        if (partition.topic().equals(events)) {
                            byInstance.get(instance.name()).add(partition.partition());
                        }
                    }
                }
            }
        }
        return new Assignment(byInstance, partitions);
    }

    /** CPU time of every instance so far (-1 for one whose CPU time is unknown). */
    long[] cpuNanos() {
        long[] cpu = new long[instances.size()];
        for (int i = 0; i < cpu.length; i++) {
            cpu[i] = instances.get(i).cpuNanos();
        }
        return cpu;
    }

    /** Stops every instance (SIGTERM, all at once, then waits for each). */
    @Override
    public void close() {
        List<Thread> stopping = new ArrayList<>();
        for (IndexerProcess instance : instances) {
            Thread thread = new Thread(instance::close, "stop-" + instance.name());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        clients.forEach(QueryClient::close);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port", e);
        }
    }
}
