package io.clusterindex.fold;

import static io.clusterindex.fold.TestEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterFieldTest {

    @Test
    void configurationFieldsAreTheOnesEventsMdLists() {
        List<String> configuration = Arrays.stream(ClusterField.values()).filter(ClusterField::isConfiguration)
                .map(ClusterField::wireName).toList();

        assertThat(configuration).containsExactlyInAnyOrder("cluster_name", "input_collections", "cluster_type",
                "source_bucket_ids", "filters", "feature_uris", "multi_feature_strategy", "clustered_attributes",
                "hierarchical_grouping", "aggregation_method", "output_collection_ids", "output_collection_names",
                "algorithm", "algorithm_params", "enrich_source", "source_enrichment_config", "llm_labeling",
                "parent_cluster_id", "metadata");
    }

    @Test
    void defaultsAreFalseEmptyArrayEmptyObjectOrNull() {
        Map<String, String> nonNull = Map.of("enrich_source", "false", "hierarchy_detected", "false",
                "output_collection_ids", "[]", "output_collection_names", "[]", "metadata", "{}");

        for (ClusterField field : ClusterField.values()) {
            assertThat(field.defaultValue()).as(field.wireName())
                    .isEqualTo(json(nonNull.getOrDefault(field.wireName(), "null")));
        }
    }

    @Test
    void defaultValueIsAFreshCopyEachTime() {
        assertThat(ClusterField.METADATA.defaultValue()).isNotSameAs(ClusterField.METADATA.defaultValue());
        assertThat(ClusterField.OUTPUT_COLLECTION_IDS.defaultValue())
                .isNotSameAs(ClusterField.OUTPUT_COLLECTION_IDS.defaultValue());
    }

    @Test
    void findsEveryFieldByItsWireNameAndNothingElse() {
        for (ClusterField field : ClusterField.values()) {
            assertThat(ClusterField.byWireName(field.wireName())).contains(field);
        }
        assertThat(ClusterField.byWireName("sequence")).isEmpty();
        assertThat(ClusterField.byWireName("CLUSTER_NAME")).isEmpty();
        assertThat(Arrays.stream(ClusterField.values()).map(ClusterField::wireName).distinct())
                .hasSize(ClusterField.values().length);
    }

    @Test
    void theFourTimestampFieldsAreMarked() {
        assertThat(Arrays.stream(ClusterField.values()).filter(ClusterField::isTimestamp).map(ClusterField::wireName))
                .containsExactlyInAnyOrder("created_at", "updated_at", "last_executed_at", "completed_at");
    }
}
