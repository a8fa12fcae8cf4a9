package io.clusterindex.it;

import static org.awaitility.Awaitility.await;

import io.clusterindex.api.ApiClient;
import io.clusterindex.generate.EventStream;
import io.clusterindex.generate.Namespace;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A thread that asks the API, one request after the other, for a page of each test namespace and for its stats, and
 * counts the answers by status (a transport failure counts as status -1).
 */
final class QueryLoop implements AutoCloseable {
    private final ApiClient api;
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final AtomicInteger ok = new AtomicInteger();
    private final Thread thread;
    private volatile boolean stopped;

    private QueryLoop(ApiClient api) {
        this.api = api;
        this.thread = new Thread(this::loop, "query-loop");
        thread.setDaemon(true);
    }

    static QueryLoop start(ApiClient api) {
        QueryLoop loop = new QueryLoop(api);
        loop.thread.start();
        return loop;
    }

    /** Waits until {@code count} more requests have been answered 200; answers how many there were by then. */
    int awaitAnswers(int count, Duration timeout) {
        int target = ok.get() + count;
        await("the API answers " + count + " more queries").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> ok.get() >= target);
        return ok.get();
    }

    /** Answers so far by status. */
    Map<Integer, Integer> statuses() {
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    private void loop() {
        while (!stopped) {
            for (Namespace namespace : EventStream.TEST_NAMESPACES) {
                String key = ExactlyOnceCheck.KEYS.get(namespace.organizationId());
                count(() -> api.list(key, namespace.id(), "limit=20", "{}").status());
                count(() -> api.get(ApiClient.STATS, ApiClient.caller(key, namespace.id())).status());
            }
        }
    }

    private void count(java.util.function.IntSupplier request) {
        int status;
        try {
            status = request.getAsInt();
        } catch (RuntimeException e) {
            status = -1;
        }
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status == 200) {
            ok.incrementAndGet();
        }
    }

    @Override
    public void close() {
        stopped = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
