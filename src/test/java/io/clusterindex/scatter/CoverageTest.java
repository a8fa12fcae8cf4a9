package io.clusterindex.scatter;

import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.FailureReason;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.Stats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

class CoverageTest {
    private static final HostInfo A = new HostInfo("a", 1);
    private static final HostInfo B = new HostInfo("b", 1);
    private static final HostInfo C = new HostInfo("c", 1);

    private final Coverage<ListPage> coverage = new Coverage<>(partitions(0, 1, 2));

    @Test
    void sharesCoveringEveryPartitionOnceLeaveNothingMissingAndTheLowestPositionPerPartition() {
        add(Map.of(A, partitions(0)), A, served(Map.of(0, 10L, 1, 4L), partitions(0)));
        add(Map.of(B, partitions(1, 2)), B, served(Map.of(0, 8L, 1, 9L, 2, 7L), partitions(1, 2)));

        assertThat(coverage.missing()).isEmpty();
        assertThat(coverage.positions()).containsExactlyEntriesOf(new TreeMap<>(Map.of(0, 8L, 1, 4L, 2, 7L)));
        assertThat(coverage.pages()).hasSize(2);
        assertThat(coverage.lags()).isEmpty();
    }

    @Test
    void twoSharesClaimingAPartitionVoidEachOtherAndSaySo() {
        add(Map.of(A, partitions(0)), A, served(Map.of(), partitions(0)));
        add(Map.of(B, partitions(1, 2)), B, served(Map.of(), partitions(0, 1, 2)));

        assertThat(coverage.missing()).containsExactly(0, 1, 2);
        assertThat(coverage.hasShares()).isFalse();
        assertThat(coverage.problems()).isEqualTo("partitions moved between instances during the query");
    }

    @Test
    void anInstanceThatServedOnlySomeOfItsPartitionsIsNamedAndTheRestStaysMissing() {
        add(Map.of(A, partitions(0, 1, 2)), A, served(Map.of(), partitions(0, 2)));

        assertThat(coverage.missing()).containsExactly(1);
        assertThat(coverage.problems()).isEqualTo("instance a:1 did not serve partitions 1");
    }

    @Test
    void onlyUnreachableInstancesAreRememberedAsUnreachableAcrossARestart() {
        Map<HostInfo, Answer<ListPage>> answers = new LinkedHashMap<>();
        answers.put(A, Answer.notServed(FailureReason.UNREACHABLE, "a cannot be reached"));
        answers.put(B, Answer.notServed(FailureReason.NOT_UP_TO_BOUND, "b is behind", partitions(1)));
        coverage.add(Map.of(A, partitions(0), B, partitions(1, 2)), answers);

        assertThat(coverage.unreachable()).containsExactly(A);
        assertThat(coverage.problems()).isEqualTo("a cannot be reached; b is behind");
        Coverage<ListPage> again = coverage.restart();
        assertThat(again.unreachable()).containsExactly(A);
        assertThat(again.problems()).isEmpty();
    }

    @Test
    void copiesAddTheirLagsToTheBasisOfTheWhole() {
        add(Map.of(A, partitions(0, 1)), A, served(Map.of(0, 3L, 1, 3L), partitions(0, 1)));
        add(Map.of(C, partitions(2)), C, new Answer.Found<>(page(), new Basis(new TreeMap<>(Map.of(2, 1L)),
                partitions(2), new TreeMap<>(Map.of(2, 40L)))));

        assertThat(coverage.basis()).isEqualTo(new Basis(new TreeMap<>(Map.of(0, 3L, 1, 3L, 2, 1L)), partitions(0, 1, 2),
                new TreeMap<>(Map.of(2, 40L))));
    }

    private void add(Map<HostInfo, SortedSet<Integer>> plan, HostInfo host, Answer<ListPage> answer) {
        coverage.add(plan, Map.of(host, answer));
    }

    private static Answer<ListPage> served(Map<Integer, Long> positions, SortedSet<Integer> covered) {
        return new Answer.Found<>(page(), Basis.of(new TreeMap<>(positions), covered));
    }

    private static ListPage page() {
        return new ListPage(List.of(), 0, new Stats(0, 0, new TreeMap<>()));
    }

    private static SortedSet<Integer> partitions(Integer... partitions) {
        return new TreeSet<>(List.of(partitions));
    }
}
