package io.clusterindex.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link SpareCores}: every task once, in parallel on idle helpers only, failures rethrown to the caller. */
class SpareCoresTest {
    private static final long WAIT_SECONDS = 20;

    @Test
    void spreadTasksRunEachOnceAndInParallelOnAnIdleHelper() throws InterruptedException {
        SpareCores cores = new SpareCores(1);
        Map<Integer, String> ranOn = new ConcurrentHashMap<>();
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch bothRunning = new CountDownLatch(2);
        String caller = Thread.currentThread().getName();
        cores.run(4, i -> {
            runs.incrementAndGet();
            ranOn.put(i, Thread.currentThread().getName());
            if (i < 2) {
                // the first two tasks only end once both run at the same time: on two threads
                bothRunning.countDown();
                awaitQuietly(bothRunning);
            }
        }, true);
        assertThat(bothRunning.getCount()).as("the first two tasks ran at the same time").isZero();
        assertThat(runs).hasValue(4);
        assertThat(ranOn).containsOnlyKeys(0, 1, 2, 3);
        assertThat(ranOn.values()).contains(caller).anyMatch(name -> name.startsWith("view-index-helper-"));
    }

    @Test
    void theCallerReturnsOnlyOnceTheTaskAHelperRunsHasEnded() {
        SpareCores cores = new SpareCores(1);
        CountDownLatch helperStarted = new CountDownLatch(1);
        AtomicInteger helperEnded = new AtomicInteger();
        Thread caller = Thread.currentThread();
        cores.run(2, i -> {
            if (Thread.currentThread().getName().startsWith("view-index-helper-")) {
                helperStarted.countDown();
                // the helper's task ends only once the caller, done with its own task, waits (untimed) for it
                await().atMost(Duration.ofSeconds(WAIT_SECONDS)).until(() -> caller.getState() == Thread.State.WAITING);
                helperEnded.incrementAndGet();
            } else {
                awaitQuietly(helperStarted);
            }
        }, true);
        assertThat(helperEnded).as("the helper's task had ended when run returned").hasValue(1);
    }

    @Test
    void withoutSpreadEveryTaskRunsOnTheCallerInOrder() {
        SpareCores cores = new SpareCores(1);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        cores.run(3, i -> ran.add(i + "@" + Thread.currentThread().getName()), false);
        String caller = Thread.currentThread().getName();
        assertThat(ran).containsExactly("0@" + caller, "1@" + caller, "2@" + caller);
    }

    @Test
    void aBusyHelperIsNotWaitedForTheCallerRunsEveryTask() throws InterruptedException {
        SpareCores cores = new SpareCores(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch helperHeld = new CountDownLatch(1);
        Thread first = new Thread(() -> cores.run(2, i -> {
            if (!Thread.currentThread().getName().startsWith("view-index-helper-")) {
                // the first caller's own task waits until the helper holds the other one, then until released
                awaitQuietly(helperHeld);
            } else {
                helperHeld.countDown();
            }
            awaitQuietly(release);
        }, true), "first-query");
        first.start();
        assertThat(helperHeld.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the helper took a task of the first").isTrue();

        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        cores.run(3, i -> ran.add(Thread.currentThread().getName()), true);
        assertThat(ran).as("the second query did not wait for the busy helper").hasSize(3)
                .containsOnly(Thread.currentThread().getName());

        release.countDown();
        first.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        assertThat(first.isAlive()).isFalse();
    }

    @Test
    void aFailingTaskIsRethrownToTheCallerAfterTheOthersEnded() {
        SpareCores cores = new SpareCores(1);
        AtomicInteger ended = new AtomicInteger();
        assertThatThrownBy(() -> cores.run(5, i -> {
            try {
                if (i == 3) {
                    throw new IllegalStateException("task 3 failed");
                }
            } finally {
                ended.incrementAndGet();
            }
        }, true)).isInstanceOf(IllegalStateException.class).hasMessage("task 3 failed");
        assertThat(ended).as("every task ran before the failure was rethrown").hasValue(5);
    }

    @Test
    void withoutHelpersSpreadRunsOnTheCaller() {
        SpareCores cores = new SpareCores(0);
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        cores.run(3, i -> ran.add(Thread.currentThread().getName()), true);
        assertThat(ran).hasSize(3).containsOnly(Thread.currentThread().getName());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out waiting for the other thread");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
