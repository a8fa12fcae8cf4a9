package io.clusterindex.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.json.StatsJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LiveStatsTest {
    private static final String ORG = "org_1";
    private static final String ORG_A = "org_a";
    private static final String ORG_B = "org_b";
    private static final String NS = "ns_shared";

    private final LiveStats live = new LiveStats();
    private final List<LiveStat> heardA = new ArrayList<>();
    private final List<LiveStat> heardB = new ArrayList<>();

    private void publish(LiveStat... stats) {
        for (LiveStat stat : stats) {
            live.publish(stat);
        }
    }

    /** What a stream of each organization starts with now (null: nothing read of it, zero stats without an id). */
    private void assertCurrent(LiveStat ofA, LiveStat ofB) {
        assertThat(live.current(ORG_A, NS)).as("current of %s", ORG_A).isEqualTo(Optional.ofNullable(ofA));
        assertThat(live.current(ORG_B, NS)).as("current of %s", ORG_B).isEqualTo(Optional.ofNullable(ofB));
    }

    /** Streams of the shared namespace id: one of each organization. */
    private void listenAsBothOrganizations() {
        live.subscribe(ORG_A, NS, heardA::add);
        live.subscribe(ORG_B, NS, heardB::add);
    }

    private static LiveStat stat(String namespace, long offset) {
        return stat(ORG, namespace, offset);
    }

    private static LiveStat stat(String organization, String namespace, long offset) {
        return new LiveStat(organization, namespace, new StatsVersion(0, offset),
                new StatsJson(null, offset, 0, 0.0, Map.of("PENDING", offset)));
    }

    private static LiveStat tombstone(String organization, String namespace, long offset) {
        return new LiveStat(organization, namespace, new StatsVersion(0, offset), LiveStat.none());
    }

    @Test
    void theNewestStatsOfEachNamespaceAreKept() {
        live.publish(stat("ns_a", 1));
        live.publish(stat("ns_b", 2));
        live.publish(stat("ns_a", 3));

        assertThat(live.current(ORG, "ns_a")).contains(stat("ns_a", 3));
        assertThat(live.current(ORG, "ns_b")).contains(stat("ns_b", 2));
        assertThat(live.current(ORG, "ns_c")).isEmpty();
    }

    @Test
    void listenersHearOnlyTheirNamespaceUntilTheyUnsubscribe() {
        List<LiveStat> heardA = new ArrayList<>();
        List<LiveStat> heardOther = new ArrayList<>();
        Runnable unsubscribeA = live.subscribe(ORG, "ns_a", heardA::add);
        Runnable unsubscribeOther = live.subscribe(ORG, "ns_a", heardOther::add);

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
        live.subscribe(ORG, "ns_a", stat -> { }).run();
        List<LiveStat> heard = new ArrayList<>();
        live.subscribe(ORG, "ns_a", heard::add);

        live.publish(stat("ns_a", 1));

        assertThat(heard).containsExactly(stat("ns_a", 1));
    }

    @Test
    void twoOrganizationsOnOneNamespaceIdEachSeeOnlyTheirOwnStatsWhicheverComesFirst() {
        listenAsBothOrganizations();

        publish(stat(ORG_B, NS, 1), stat(ORG_A, NS, 2), stat(ORG_B, NS, 3));

        assertCurrent(stat(ORG_A, NS, 2), stat(ORG_B, NS, 3));
        assertThat(live.current("org_c", NS)).isEmpty();
        assertThat(heardA).containsExactly(stat(ORG_A, NS, 2));
        assertThat(heardB).containsExactly(stat(ORG_B, NS, 1), stat(ORG_B, NS, 3));
    }

    @Test
    void aTombstoneOfOneOrganizationLeavesTheOthersStatsAlone() {
        listenAsBothOrganizations();
        publish(stat(ORG_A, NS, 1), stat(ORG_B, NS, 2));

        live.publish(tombstone(ORG_B, NS, 3));

        assertCurrent(stat(ORG_A, NS, 1), tombstone(ORG_B, NS, 3));
        assertThat(heardA).containsExactly(stat(ORG_A, NS, 1));
        assertThat(heardB).containsExactly(stat(ORG_B, NS, 2), tombstone(ORG_B, NS, 3));

        publish(tombstone(ORG_A, NS, 4), stat(ORG_B, NS, 5));

        assertCurrent(tombstone(ORG_A, NS, 4), stat(ORG_B, NS, 5));
        assertThat(heardA).containsExactly(stat(ORG_A, NS, 1), tombstone(ORG_A, NS, 4));
        assertThat(heardB).containsExactly(stat(ORG_B, NS, 2), tombstone(ORG_B, NS, 3), stat(ORG_B, NS, 5));
    }

    @Test
    void statsWithoutAnOrganizationAreShownToEveryOrganizationUntilARecordOfTheNamespaceNamesOne() {
        listenAsBothOrganizations();
        publish(stat(null, NS, 1), tombstone(null, NS, 2), stat(null, NS, 3));

        assertCurrent(stat(null, NS, 3), stat(null, NS, 3));
        assertThat(heardA).containsExactly(stat(null, NS, 1), tombstone(null, NS, 2), stat(null, NS, 3));

        live.publish(stat(ORG_B, NS, 4));

        assertCurrent(null, stat(ORG_B, NS, 4));
        assertThat(heardA).hasSize(3);
    }

    @Test
    void statsWithoutAnOrganizationAfterOneWasNamedAreIgnored() {
        listenAsBothOrganizations();
        live.publish(stat(ORG_A, NS, 1));

        publish(stat(null, NS, 2), tombstone(null, NS, 3));

        assertCurrent(stat(ORG_A, NS, 1), null);
        assertThat(heardA).containsExactly(stat(ORG_A, NS, 1));
    }

    @Test
    void caughtUpOnlyOnceMarked() {
        assertThat(live.caughtUp()).isFalse();

        live.markCaughtUp();

        assertThat(live.caughtUp()).isTrue();
        assertThat(LiveStat.none().clustersByStatus()).isEqualTo(Map.of());
    }
}
