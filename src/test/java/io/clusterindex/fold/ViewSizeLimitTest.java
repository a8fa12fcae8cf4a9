package io.clusterindex.fold;

import static io.clusterindex.fold.TestEvents.applyAll;
import static io.clusterindex.fold.TestEvents.created;
import static io.clusterindex.fold.TestEvents.event;
import static io.clusterindex.fold.TestEvents.rejected;
import static io.clusterindex.fold.TestEvents.updated;
import static org.assertj.core.api.Assertions.assertThat;

import io.clusterindex.events.ErrorCode;
import io.clusterindex.events.EventType;
import io.clusterindex.events.Rejection;
import org.junit.jupiter.api.Test;

class ViewSizeLimitTest {
    private static final String HALF_MEGABYTE = "x".repeat(512 * 1024);

    @Test
    void rejectsAPatchThatWouldGrowTheViewBeyondTheLimitAndKeepsTheCluster() {
        ClusterState state = applyAll(null, created(1),
                updated(2, "{\"metadata\": {\"a\": \"" + HALF_MEGABYTE + "\"}}"),
                updated(3, "{\"metadata\": {\"b\": \"" + HALF_MEGABYTE + "\"}}"));
        assertThat(state.clusterJson().length).isLessThan(ClusterFold.MAX_VIEW_BYTES);

        FoldOutcome outcome = ClusterFold.apply(updated(4, "{\"filters\": {\"c\": \"" + HALF_MEGABYTE + "\"}}"), state);

        Rejection rejection = rejected(outcome, ErrorCode.INVALID_DATA);
        assertThat(rejection.message()).contains("over the limit of " + ClusterFold.MAX_VIEW_BYTES + " bytes");
        assertThat(ClusterFold.apply(updated(4, "{\"cluster_name\": \"still works\"}"), state))
                .isInstanceOf(FoldOutcome.Applied.class);
    }

    @Test
    void acceptsACreationAsLargeAsTheBrokerAllows() {
        String almostOneMegabyte = "y".repeat(1024 * 1024 - 2048);

        ClusterState state = applyAll(null, event(EventType.CREATED, 1)
                .data("{\"cluster_name\": \"big\", \"input_collections\": [\"c\"], \"cluster_type\": \"vector\","
                        + " \"metadata\": {\"blob\": \"" + almostOneMegabyte + "\"}}")
                .build());

        assertThat(state.isLive()).isTrue();
    }
}
