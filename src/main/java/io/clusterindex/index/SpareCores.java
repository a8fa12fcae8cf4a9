package io.clusterindex.index;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Helper threads that take part of one list query's per-partition work while a core would otherwise idle. A query
 * runs its partitions on its own thread and hands them, one at a time, to helpers that are idle at that moment
 * (none is ever queued for: a busy helper is simply not used), so that a query alone on the instance uses every core,
 * and a query among others costs what it cost before. Whether to offer work at all is the caller's: the query
 * admission offers it only when no other list query waits, so that under list load a core stays free for gets,
 * stats and the stream thread (see {@link io.clusterindex.query.Admission}).
 */
final class SpareCores {
    private static final long IDLE_SECONDS = 30;

    private final ThreadPoolExecutor helpers;
    private final int count;

    /** @param count helper threads at most (started when first needed, ended after 30 s idle); 0 for none */
    SpareCores(int count) {
        this.count = count;
        if (count == 0) {
            this.helpers = null;
            return;
        }
        AtomicInteger numbers = new AtomicInteger();
        this.helpers = new ThreadPoolExecutor(count, count, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                work -> {
                    Thread thread = new Thread(work, "view-index-helper-" + numbers.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.helpers.allowCoreThreadTimeOut(true);
    }

    /** One helper fewer than the machine has cores: the query's own thread is the last. */
    static SpareCores ofMachine() {
        return new SpareCores(Math.max(0, Runtime.getRuntime().availableProcessors() - 1));
    }

    /**
     * Runs {@code task} for 0 to {@code tasks - 1}, each once, and returns when all have run: on this thread, and,
     * when {@code spread}, also on the helpers idle now. A task that throws is rethrown here once all have ended.
     */
    void run(int tasks, IntConsumer task, boolean spread) {
        if (!spread || helpers == null || tasks < 2) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch ended = new CountDownLatch(tasks);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < tasks; i = next.getAndIncrement()) {
                try {
                    task.accept(i);
                } catch (Throwable thrown) {
                    failure.compareAndSet(null, thrown);
                } finally {
                    ended.countDown();
                }
            }
        };
        for (int offered = 0; offered < Math.min(count, tasks - 1); offered++) {
            try {
                helpers.execute(worker);
            } catch (RejectedExecutionException allBusy) {
                break;
            }
        }
        worker.run();
        awaitUninterruptibly(ended);
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        if (thrown != null) {
            throw new IllegalStateException(thrown);
        }
    }

    /** Waits for the tasks a helper still runs (at most one each); an interrupt is kept for the caller. */
    private static void awaitUninterruptibly(CountDownLatch ended) {
        boolean interrupted = false;
        while (true) {
            try {
                ended.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
