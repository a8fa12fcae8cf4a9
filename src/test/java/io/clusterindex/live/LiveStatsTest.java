package io.clusterindex.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveStatsTest {
    private final LiveStats live = new LiveStats();

    private static LiveStat stat(String namespace, long offset) {
        return new LiveStat(namespace, new StatsVersion(0, offset), LiveStat.none());
    }

    @Test
    void theNewestStatsOfEachNamespaceAreKept() {
        live.publish(stat("ns_a", 1));
        live.publish(stat("ns_b", 2));
        live.publish(stat("ns_a", 3));

        assertThat(live.current("ns_a")).contains(stat("ns_a", 3));
        assertThat(live.current("ns_b")).contains(stat("ns_b", 2));
        assertThat(live.current("ns_c")).isEmpty();
    }

    @Test
    void listenersHearOnlyTheirNamespaceUntilTheyUnsubscribe() {
        List<LiveStat> heardA = new ArrayList<>();
        List<LiveStat> heardOther = new ArrayList<>();
        Runnable unsubscribeA = live.subscribe("ns_a", heardA::add);
        Runnable unsubscribeOther = live.subscribe("ns_a", heardOther::add);

        live.publish(stat("ns_a", 1));
        live.publish(stat("ns_b", 2));
        unsubscribeOther.run();
        live.publish(stat("ns_a", 3));
        unsubscribeA.run();
        live.publish(stat("ns_a", 4));

        assertThat(heardA).containsExactly(stat("ns_a", 1), stat("ns_a", 3));
        assertThat(heardOther).containsExactly(stat("ns_a", 1));
    }

    @Test
    void aSubscriptionAfterTheLastListenerLeftIsHeard() {
        live.subscribe("ns_a", stat -> { }).run();
        List<LiveStat> heard = new ArrayList<>();
        live.subscribe("ns_a", heard::add);

        live.publish(stat("ns_a", 1));

        assertThat(heard).containsExactly(stat("ns_a", 1));
    }

    @Test
    void caughtUpOnlyOnceMarked() {
        assertThat(live.caughtUp()).isFalse();

        live.markCaughtUp();

        assertThat(live.caughtUp()).isTrue();
        assertThat(LiveStat.none().clustersByStatus()).isEqualTo(Map.of());
    }
}
