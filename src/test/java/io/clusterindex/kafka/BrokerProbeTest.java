package io.clusterindex.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.kafka.BrokerProbe.Reachability;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerProbeTest {
    private final Deque<Object> answers = new ArrayDeque<>();
    private final BrokerProbe probe = new BrokerProbe(timeout -> {
        Object next = answers.removeFirst();
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return (Boolean) next;
    }, Duration.ofSeconds(1), () -> { });

    @Test
    void isReachableBeforeTheFirstProbe() {
        assertThat(probe.reachability()).isEqualTo(Reachability.REACHABLE);
    }

    @Test
    void oneFailedProbeIsNotAnOutage() {
        assertThat(probes(false, true, false, true)).containsOnly(Reachability.REACHABLE);
    }

    @Test
    void twoFailedProbesInARowAreAnOutageThatTheFirstAnswerEnds() {
        assertThat(probes(false, false, false, true, false)).containsExactly(Reachability.REACHABLE,
                Reachability.UNREACHABLE, Reachability.UNREACHABLE, Reachability.REACHABLE, Reachability.REACHABLE);
        assertThat(probe.reachability()).isEqualTo(Reachability.REACHABLE);
    }

    @Test
    void aProbeThatThrowsCountsAsFailed() {
        answers.add(new IllegalStateException("admin closed"));
        answers.add(new IllegalStateException("admin closed"));

        assertThat(List.of(probe.probeOnce(), probe.probeOnce())).containsExactly(Reachability.REACHABLE,
                Reachability.UNREACHABLE);
    }

    private List<Reachability> probes(Boolean... results) {
        answers.addAll(List.of(results));
        return java.util.stream.Stream.of(results).map(r -> probe.probeOnce()).toList();
    }
}
