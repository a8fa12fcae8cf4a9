package io.clusterindex.fold;

import static io.clusterindex.fold.TestEvents.CLUSTER;
import static io.clusterindex.fold.TestEvents.MINIMAL_CREATE;
import static io.clusterindex.fold.TestEvents.NAMESPACE;
import static io.clusterindex.fold.TestEvents.ORGANIZATION;
import static io.clusterindex.fold.TestEvents.applied;
import static io.clusterindex.fold.TestEvents.applyAll;
import static io.clusterindex.fold.TestEvents.atText;
import static io.clusterindex.fold.TestEvents.completed;
import static io.clusterindex.fold.TestEvents.created;
import static io.clusterindex.fold.TestEvents.deleted;
import static io.clusterindex.fold.TestEvents.event;
import static io.clusterindex.fold.TestEvents.json;
import static io.clusterindex.fold.TestEvents.object;
import static io.clusterindex.fold.TestEvents.rejected;
import static io.clusterindex.fold.TestEvents.started;
import static io.clusterindex.fold.TestEvents.updated;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.events.ClusterEvent;
import io.clusterindex.events.ErrorCode;
import io.clusterindex.events.EventParser;
import io.clusterindex.events.EventType;
import io.clusterindex.events.ParseResult;
import io.clusterindex.events.Rejection;
import io.clusterindex.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterFoldTest {
    private static final String TASK = "task_1";

    /** Every configuration field of ClusterMetadata set to a non-default value, with nested nulls and odd keys. */
    private static final String FULL_CREATE = """
            {"cluster_name": "products", "input_collections": ["col_1", "col_2"], "cluster_type": "attribute",
             "source_bucket_ids": ["bucket_1"], "filters": {"lang": "en", "nested": {"drop": null}},
             "feature_uris": ["uri://f1", "uri://f2"], "multi_feature_strategy": "concat",
             "clustered_attributes": ["color", "size"], "hierarchical_grouping": true, "aggregation_method": "mean",
             "output_collection_ids": ["out_1", "out_2"], "output_collection_names": ["Out 1", "Out 2"],
             "algorithm": "hdbscan", "algorithm_params": {"min_cluster_size": 5, "eps": 0.25, "unset": null},
             "enrich_source": true, "source_enrichment_config": {"field": "cluster_label", "x-custom": [1, null]},
             "llm_labeling": {"model": "m-1", "prompt": null}, "parent_cluster_id": "clust_parent",
             "metadata": {"team": "search", "labels": {"x": 1, "y": 2}, "tags": ["a", "b"], "gone": null,
                          "deep": {"list": [{"k": null}], "empty": {}}}}""";

    /** The exact view of {@code created(1)}: every field of ClusterMetadata, with the defaults of events.md. */
    private static final String EXPECTED_MINIMAL_CLUSTER = """
            {"cluster_id": "clust_a1b2c3", "namespace_id": "ns_abc123def456", "organization_id": "org_42",
             "cluster_name": "products", "cluster_type": "vector", "input_collections": ["col_1"],
             "source_bucket_ids": null, "filters": null, "feature_uris": null, "multi_feature_strategy": null,
             "clustered_attributes": null, "hierarchical_grouping": null, "aggregation_method": null,
             "output_collection_ids": [], "output_collection_names": [], "algorithm": null,
             "algorithm_params": null, "enrich_source": false, "source_enrichment_config": null,
             "llm_labeling": null, "parent_cluster_id": null, "metadata": {}, "status": "PENDING",
             "num_clusters": null, "num_documents_clustered": null, "execution_time_seconds": null,
             "learned_weights": null, "learning_quality_score": null, "effective_feature_method": null,
             "hierarchy_detected": false, "child_cluster_ids": null, "hierarchy_relationships": null,
             "llm_labeling_errors": null, "last_execution_task_id": null, "last_executed_at": null,
             "completed_at": null, "created_at": "2026-11-28T10:01:00.250Z",
             "updated_at": "2026-11-28T10:01:00.250Z"}""";

    private static final List<String> OPTIONAL_CONFIG = List.of("source_bucket_ids", "filters", "feature_uris",
            "multi_feature_strategy", "clustered_attributes", "hierarchical_grouping", "aggregation_method",
            "output_collection_ids", "output_collection_names", "algorithm", "algorithm_params", "enrich_source",
            "source_enrichment_config", "llm_labeling", "parent_cluster_id", "metadata");

    // ================================================================ cluster.created

    @Test
    void createsPendingClusterWithEveryFieldAndItsDefault() {
        FoldOutcome.Applied outcome = applied(ClusterFold.apply(created(1), null));

        assertThat(outcome.before()).isNull();
        assertThat(outcome.state().sequence()).isEqualTo(1L);
        assertThat(outcome.state().isLive()).isTrue();
        assertThat(outcome.state().cluster()).isEqualTo(outcome.after());
        assertThat(outcome.after()).isEqualTo(object(EXPECTED_MINIMAL_CLUSTER));
    }

    @Test
    void createdSetsCreatedAtAndUpdatedAtToOccurredAtInUtc() {
        ClusterEvent event = event(EventType.CREATED, 1).data(MINIMAL_CREATE)
                .occurredAt(Instant.parse("2026-11-28T12:15:30.250+02:00")).build();

        ObjectNode cluster = applied(ClusterFold.apply(event, null)).after();

        assertThat(text(cluster, "created_at")).isEqualTo("2026-11-28T10:15:30.250Z");
        assertThat(text(cluster, "updated_at")).isEqualTo("2026-11-28T10:15:30.250Z");
    }

    @Test
    void foldOfAParsedEventWithAnOffsetWritesUtcTimestamps() {
        String value = """
                {"event_id": "evt_1", "event_type": "cluster.created", "cluster_id": "clust_a1b2c3",
                 "namespace_id": "ns_abc123def456", "organization_id": "org_42", "sequence": 1,
                 "occurred_at": "2026-11-28T12:15:30.250+02:00",
                 "data": {"cluster_name": "n", "input_collections": ["c"], "cluster_type": "vector"}}""";
        ParseResult parsed = EventParser.parse(CLUSTER.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed).isInstanceOf(ParseResult.Parsed.class);

        ObjectNode cluster = applied(ClusterFold.apply(((ParseResult.Parsed) parsed).event(), null)).after();

        assertThat(text(cluster, "created_at")).isEqualTo("2026-11-28T10:15:30.250Z");
    }

    @Test
    void createdWritesEveryFieldInDeclarationOrder() {
        ObjectNode minimal = applied(ClusterFold.apply(created(1), null)).after();
        ObjectNode full = applied(ClusterFold.apply(event(EventType.CREATED, 1).data(FULL_CREATE).build(), null))
                .after();

        assertThat(fieldNames(minimal)).containsExactlyElementsOf(declarationOrder());
        assertThat(fieldNames(full)).containsExactlyElementsOf(declarationOrder());
    }

    @Test
    void createsWithEveryOptionalConfigurationFieldKeptExactly() {
        ObjectNode data = object(FULL_CREATE);

        ObjectNode cluster = applied(ClusterFold.apply(event(EventType.CREATED, 1).data(data.deepCopy()).build(),
                null)).after();

        for (String field : List.of("cluster_name", "input_collections", "cluster_type")) {
            assertThat(cluster.get(field)).as(field).isEqualTo(data.get(field));
        }
        for (String field : OPTIONAL_CONFIG) {
            assertThat(cluster.get(field)).as(field).isEqualTo(data.get(field));
        }
        assertThat(text(cluster, "status")).isEqualTo("PENDING");
    }

    @Test
    void createdKeepsNestedNullsAndUnknownKeysInsideObjectFields() {
        ObjectNode cluster = applied(ClusterFold.apply(event(EventType.CREATED, 1).data(FULL_CREATE).build(), null))
                .after();

        assertThat(cluster.get("metadata")).isEqualTo(json("""
                {"team": "search", "labels": {"x": 1, "y": 2}, "tags": ["a", "b"], "gone": null,
                 "deep": {"list": [{"k": null}], "empty": {}}}"""));
        assertThat(cluster.get("metadata").has("gone")).isTrue();
        assertThat(cluster.get("filters")).isEqualTo(json("{\"lang\": \"en\", \"nested\": {\"drop\": null}}"));
        assertThat(cluster.get("algorithm_params").has("unset")).isTrue();
        assertThat(cluster.get("source_enrichment_config")).isEqualTo(
                json("{\"field\": \"cluster_label\", \"x-custom\": [1, null]}"));
        assertThat(cluster.get("llm_labeling")).isEqualTo(json("{\"model\": \"m-1\", \"prompt\": null}"));
    }

    @Test
    void createdIgnoresKeysOfDataThatAreNotConfigurationFields() {
        ObjectNode data = object(MINIMAL_CREATE);
        data.put("status", "COMPLETED");
        data.put("cluster_id", "clust_other");
        data.put("namespace_id", "ns_other");
        data.put("organization_id", "org_other");
        data.put("created_at", "2020-01-01T00:00:00Z");
        data.put("updated_at", "2020-01-01T00:00:00Z");
        data.put("completed_at", "2020-01-01T00:00:00Z");
        data.put("last_execution_task_id", "task_x");
        data.put("num_documents_clustered", 500);
        data.put("num_clusters", 7);
        data.put("hierarchy_detected", true);
        data.put("sequence", 99);
        data.put("unknown_key", "whatever");

        ObjectNode cluster = applied(ClusterFold.apply(event(EventType.CREATED, 1).data(data).build(), null)).after();

        assertThat(cluster).isEqualTo(object(EXPECTED_MINIMAL_CLUSTER));
        assertThat(cluster.has("unknown_key")).isFalse();
        assertThat(cluster.has("sequence")).isFalse();
    }

    @Test
    void createdWithExplicitNullsForOptionalFieldsKeepsTheDefaults() {
        ObjectNode data = object(MINIMAL_CREATE);
        for (String field : OPTIONAL_CONFIG) {
            data.putNull(field);
        }

        ObjectNode cluster = applied(ClusterFold.apply(event(EventType.CREATED, 1).data(data).build(), null)).after();

        assertThat(cluster).isEqualTo(object(EXPECTED_MINIMAL_CLUSTER));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidCreateData")
    void rejectsCreatedWithMissingOrWrongTypedConfiguration(String field, String rawValue) {
        ObjectNode data = object(MINIMAL_CREATE);
        if (rawValue == null) {
            data.remove(field);
        } else {
            data.set(field, json(rawValue));
        }

        Rejection rejection = rejected(ClusterFold.apply(event(EventType.CREATED, 1).data(data).build(), null),
                ErrorCode.INVALID_DATA);

        assertThat(rejection.message()).contains(field);
        assertThat(rejection.eventId()).isEqualTo("evt_1");
    }

    static Stream<Arguments> invalidCreateData() {
        return Stream.of(
                Arguments.of("cluster_name", null), Arguments.of("cluster_name", "null"),
                Arguments.of("cluster_name", "\"\""), Arguments.of("cluster_name", "5"),
                Arguments.of("cluster_name", "[\"a\"]"), Arguments.of("cluster_name", "{}"),
                Arguments.of("input_collections", null), Arguments.of("input_collections", "null"),
                Arguments.of("input_collections", "[]"), Arguments.of("input_collections", "\"col_1\""),
                Arguments.of("input_collections", "[1]"), Arguments.of("input_collections", "[\"a\", null]"),
                Arguments.of("input_collections", "{}"),
                Arguments.of("cluster_type", null), Arguments.of("cluster_type", "null"),
                Arguments.of("cluster_type", "\"VECTOR\""), Arguments.of("cluster_type", "\"graph\""),
                Arguments.of("cluster_type", "\"\""), Arguments.of("cluster_type", "1"),
                Arguments.of("source_bucket_ids", "\"bucket_1\""), Arguments.of("source_bucket_ids", "[1]"),
                Arguments.of("filters", "\"lang=en\""), Arguments.of("filters", "[{}]"), Arguments.of("filters", "5"),
                Arguments.of("feature_uris", "[{}]"), Arguments.of("multi_feature_strategy", "1"),
                Arguments.of("clustered_attributes", "\"color\""), Arguments.of("hierarchical_grouping", "\"true\""),
                Arguments.of("hierarchical_grouping", "1"), Arguments.of("aggregation_method", "[]"),
                Arguments.of("output_collection_ids", "[1]"), Arguments.of("output_collection_names", "\"Out\""),
                Arguments.of("algorithm", "{}"), Arguments.of("algorithm_params", "[]"),
                Arguments.of("enrich_source", "\"false\""), Arguments.of("enrich_source", "0"),
                Arguments.of("source_enrichment_config", "\"x\""), Arguments.of("llm_labeling", "true"),
                Arguments.of("parent_cluster_id", "5"), Arguments.of("metadata", "[]"),
                Arguments.of("metadata", "\"x\""));
    }

    @Test
    void rejectsCreatedOfALiveClusterAsAlreadyExists() {
        ClusterState live = applyAll(null, created(1), started(2, TASK));

        Rejection rejection = rejected(ClusterFold.apply(created(3), live), ErrorCode.ALREADY_EXISTS);

        assertThat(rejection.message()).contains(CLUSTER);
        assertThat(rejection.eventId()).isEqualTo("evt_3");
    }

    @Test
    void alreadyExistsWinsOverInvalidDataAndOwnershipMismatch() {
        ClusterState live = applyAll(null, created(1));
        ClusterEvent event = event(EventType.CREATED, 2).namespace("ns_other").organization("org_other")
                .data("{\"cluster_name\": 5}").build();

        rejected(ClusterFold.apply(event, live), ErrorCode.ALREADY_EXISTS);
    }

    // ================================================================ UNKNOWN_CLUSTER, OWNERSHIP_MISMATCH

    @ParameterizedTest
    @EnumSource(value = EventType.class, mode = EnumSource.Mode.EXCLUDE, names = "CREATED")
    void rejectsEventOfAClusterThatNeverExistedAsUnknownCluster(EventType type) {
        Rejection rejection = rejected(ClusterFold.apply(validEvent(type, 1).build(), null),
                ErrorCode.UNKNOWN_CLUSTER);

        assertThat(rejection.message()).contains(CLUSTER);
        assertThat(rejection.eventId()).isEqualTo("evt_1");
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, mode = EnumSource.Mode.EXCLUDE, names = "CREATED")
    void rejectsEventOfADeletedClusterAsUnknownCluster(EventType type) {
        ClusterState gone = applyAll(null, created(1), started(2, TASK), deleted(3));

        rejected(ClusterFold.apply(validEvent(type, 4).build(), gone), ErrorCode.UNKNOWN_CLUSTER);
    }

    @Test
    void rejectsUpdateOfUnknownCluster() {
        rejected(ClusterFold.apply(updated(1, "{\"cluster_name\": \"x\"}"), null), ErrorCode.UNKNOWN_CLUSTER);
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, mode = EnumSource.Mode.EXCLUDE, names = "CREATED")
    void rejectsEventFromAnotherNamespaceAsOwnershipMismatch(EventType type) {
        ClusterState live = applyAll(null, created(1), started(2, TASK));

        Rejection rejection = rejected(ClusterFold.apply(validEvent(type, 3).namespace("ns_other").build(), live),
                ErrorCode.OWNERSHIP_MISMATCH);

        assertThat(rejection.message()).contains("namespace_id").contains("ns_other").contains(NAMESPACE);
        assertThat(rejection.eventId()).isEqualTo("evt_3");
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, mode = EnumSource.Mode.EXCLUDE, names = "CREATED")
    void rejectsEventFromAnotherOrganizationAsOwnershipMismatch(EventType type) {
        ClusterState live = applyAll(null, created(1), started(2, TASK));

        Rejection rejection = rejected(ClusterFold.apply(validEvent(type, 3).organization("org_other").build(), live),
                ErrorCode.OWNERSHIP_MISMATCH);

        assertThat(rejection.message()).contains("organization_id").contains("org_other").contains(ORGANIZATION);
    }

    @Test
    void unknownClusterWinsOverOwnershipMismatch() {
        ClusterState gone = applyAll(null, created(1), deleted(2));

        rejected(ClusterFold.apply(event(EventType.UPDATED, 1).namespace("ns_other").data("{\"status\": 1}").build(),
                null), ErrorCode.UNKNOWN_CLUSTER);
        rejected(ClusterFold.apply(event(EventType.UPDATED, 3).namespace("ns_other").data("{\"status\": 1}").build(),
                gone), ErrorCode.UNKNOWN_CLUSTER);
        rejected(ClusterFold.apply(event(EventType.EXECUTION_COMPLETED, 3).organization("org_other")
                .data("{\"task_id\": \"nope\"}").build(), gone), ErrorCode.UNKNOWN_CLUSTER);
    }

    @Test
    void ownershipMismatchWinsOverImmutableField() {
        ClusterState live = applyAll(null, created(1));

        rejected(ClusterFold.apply(event(EventType.UPDATED, 2).namespace("ns_other")
                .data("{\"status\": \"COMPLETED\", \"cluster_name\": null}").build(), live),
                ErrorCode.OWNERSHIP_MISMATCH);
    }

    @Test
    void ownershipMismatchWinsOverInvalidDataAndStaleTask() {
        ClusterState live = applyAll(null, created(1), started(2, TASK));

        rejected(ClusterFold.apply(event(EventType.EXECUTION_COMPLETED, 3).organization("org_other")
                .data("{\"task_id\": \"task_old\"}").build(), live), ErrorCode.OWNERSHIP_MISMATCH);
        rejected(ClusterFold.apply(event(EventType.UPDATED, 3).organization("org_other")
                .data("{\"cluster_name\": null}").build(), live), ErrorCode.OWNERSHIP_MISMATCH);
    }

    // ================================================================ cluster.updated

    @Test
    void updatedAppliesThePatchAndSetsUpdatedAt() {
        ClusterState live = applyAll(null, event(EventType.CREATED, 1).data(FULL_CREATE).build());
        ObjectNode before = live.cluster().deepCopy();

        FoldOutcome.Applied outcome = applied(ClusterFold.apply(updated(2, """
                {"cluster_name": "renamed", "cluster_type": "vector", "input_collections": ["col_9"],
                 "algorithm": "kmeans", "enrich_source": false, "hierarchical_grouping": false,
                 "parent_cluster_id": "clust_other_parent"}"""), live));

        ObjectNode expected = before.deepCopy();
        expected.put("cluster_name", "renamed");
        expected.put("cluster_type", "vector");
        expected.set("input_collections", json("[\"col_9\"]"));
        expected.put("algorithm", "kmeans");
        expected.put("enrich_source", false);
        expected.put("hierarchical_grouping", false);
        expected.put("parent_cluster_id", "clust_other_parent");
        expected.put("updated_at", atText(2));
        assertThat(outcome.after()).isEqualTo(expected);
        assertThat(outcome.before()).isEqualTo(before);
        assertThat(outcome.state().sequence()).isEqualTo(2L);
        assertThat(text(outcome.after(), "created_at")).isEqualTo(atText(1));
        assertThat(text(outcome.after(), "status")).isEqualTo("PENDING");
        assertThat(fieldNames(outcome.after())).containsExactlyElementsOf(declarationOrder());
    }

    @Test
    void emptyPatchOnlyMovesUpdatedAt() {
        ClusterState live = applyAll(null, created(1));

        ObjectNode after = applied(ClusterFold.apply(updated(2, "{}"), live)).after();

        ObjectNode expected = live.cluster().deepCopy();
        expected.put("updated_at", atText(2));
        assertThat(after).isEqualTo(expected);
    }

    @Test
    void nullResetsEveryOptionalFieldToItsDefault() {
        ClusterState live = applyAll(null, event(EventType.CREATED, 1).data(FULL_CREATE).build());
        ObjectNode patch = Json.NODES.objectNode();
        for (String field : OPTIONAL_CONFIG) {
            patch.putNull(field);
        }

        ObjectNode after = applied(ClusterFold.apply(event(EventType.UPDATED, 2).data(patch).build(), live)).after();

        ObjectNode expected = object(EXPECTED_MINIMAL_CLUSTER);
        expected.put("cluster_type", "attribute");
        expected.set("input_collections", json("[\"col_1\", \"col_2\"]"));
        expected.put("updated_at", atText(2));
        assertThat(after).isEqualTo(expected);
    }

    @Test
    void metadataNullResetsToEmptyObject() {
        ClusterState live = applyAll(null, event(EventType.CREATED, 1).data(FULL_CREATE).build());

        ObjectNode after = applied(ClusterFold.apply(updated(2, "{\"metadata\": null}"), live)).after();

        assertThat(after.get("metadata")).isEqualTo(Json.NODES.objectNode());
    }

    @Test
    void filtersNullResetsToNull() {
        ClusterState live = applyAll(null, event(EventType.CREATED, 1).data(FULL_CREATE).build());

        ObjectNode after = applied(ClusterFold.apply(updated(2, "{\"filters\": null}"), live)).after();

        assertThat(after.get("filters").isNull()).isTrue();
        assertThat(after.has("filters")).isTrue();
    }

    @Test
    void outputCollectionsAndEnrichSourceNullResetToEmptyArrayAndFalse() {
        ClusterState live = applyAll(null, event(EventType.CREATED, 1).data(FULL_CREATE).build());

        ObjectNode after = applied(ClusterFold.apply(updated(2,
                "{\"output_collection_ids\": null, \"output_collection_names\": null, \"enrich_source\": null}"),
                live)).after();

        assertThat(after.get("output_collection_ids")).isEqualTo(Json.NODES.arrayNode());
        assertThat(after.get("output_collection_names")).isEqualTo(Json.NODES.arrayNode());
        assertThat(after.get("enrich_source")).isEqualTo(Json.NODES.booleanNode(false));
    }

    @Test
    void mergesNestedMetadataRemovingAndAddingKeys() {
        ClusterState live = applyAll(null, event(EventType.CREATED, 1).data(FULL_CREATE).build());

        ObjectNode after = applied(ClusterFold.apply(updated(2, """
                {"metadata": {"labels": {"x": null, "z": 3}, "owner": "team-b", "team": null,
                              "deep": {"empty": {"now": true}}}}"""), live)).after();

        assertThat(after.get("metadata")).isEqualTo(json("""
                {"labels": {"y": 2, "z": 3}, "tags": ["a", "b"], "gone": null,
                 "deep": {"list": [{"k": null}], "empty": {"now": true}}, "owner": "team-b"}"""));
    }

    @Test
    void nestedNullInsideANewMetadataKeyIsDroppedAsMergePatchSays() {
        ClusterState live = applyAll(null, created(1));

        ObjectNode after = applied(ClusterFold.apply(updated(2, "{\"metadata\": {\"new\": {\"x\": 1, \"y\": null}}}"),
                live)).after();

        assertThat(after.get("metadata")).isEqualTo(json("{\"new\": {\"x\": 1}}"));
    }

    @Test
    void patchingAnObjectFieldThatWasNullCreatesIt() {
        ClusterState live = applyAll(null, created(1));

        ObjectNode after = applied(ClusterFold.apply(updated(2,
                "{\"filters\": {\"lang\": \"en\", \"drop\": null}, \"llm_labeling\": {\"model\": \"m\"}}"), live))
                .after();

        assertThat(after.get("filters")).isEqualTo(json("{\"lang\": \"en\"}"));
        assertThat(after.get("llm_labeling")).isEqualTo(json("{\"model\": \"m\"}"));
    }

    @Test
    void patchReplacesScalarInsideMetadataWithAnObject() {
        ClusterState live = applyAll(null, event(EventType.CREATED, 1).data(FULL_CREATE).build());

        ObjectNode after = applied(ClusterFold.apply(updated(2, "{\"metadata\": {\"team\": {\"name\": \"s\"}}}"),
                live)).after();

        assertThat(after.get("metadata").get("team")).isEqualTo(json("{\"name\": \"s\"}"));
    }

    @Test
    void arraysAreReplacedNotMerged() {
        ClusterState live = applyAll(null, event(EventType.CREATED, 1).data(FULL_CREATE).build());

        ObjectNode after = applied(ClusterFold.apply(updated(2, """
                {"source_bucket_ids": ["bucket_9"], "output_collection_ids": [], "input_collections": ["col_3"],
                 "metadata": {"tags": ["c"]}}"""), live)).after();

        assertThat(after.get("source_bucket_ids")).isEqualTo(json("[\"bucket_9\"]"));
        assertThat(after.get("output_collection_ids")).isEqualTo(json("[]"));
        assertThat(after.get("input_collections")).isEqualTo(json("[\"col_3\"]"));
        assertThat(after.get("metadata").get("tags")).isEqualTo(json("[\"c\"]"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"cluster_id", "namespace_id", "organization_id", "status", "created_at", "updated_at",
        "last_execution_task_id", "last_executed_at", "completed_at", "num_clusters", "num_documents_clustered",
        "execution_time_seconds", "learned_weights", "learning_quality_score", "effective_feature_method",
        "hierarchy_detected", "child_cluster_ids", "hierarchy_relationships", "llm_labeling_errors"})
    void rejectsUpdateTouchingAFieldItMayNotChangeAsImmutableField(String field) {
        ClusterState live = applyAll(null, created(1));

        for (String raw : List.of("\"x\"", "null", "5", "{}")) {
            Rejection rejection = rejected(ClusterFold.apply(updated(2, "{\"" + field + "\": " + raw + "}"), live),
                    ErrorCode.IMMUTABLE_FIELD);
            assertThat(rejection.message()).contains(field);
        }
    }

    @Test
    void rejectsUpdateSettingAnImmutableFieldToItsCurrentValue() {
        ClusterState live = applyAll(null, created(1));

        rejected(ClusterFold.apply(updated(2, "{\"cluster_id\": \"" + CLUSTER + "\"}"), live),
                ErrorCode.IMMUTABLE_FIELD);
        rejected(ClusterFold.apply(updated(2, "{\"status\": \"PENDING\"}"), live), ErrorCode.IMMUTABLE_FIELD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown_key", "sequence", "task_id", "event_id", "data", "with_errors", "Cluster_Name",
        "metadata ", ""})
    void rejectsUpdateWithAKeyOutsideThePatchableSetAsImmutableField(String key) {
        ClusterState live = applyAll(null, created(1));
        ObjectNode patch = object("{\"cluster_name\": \"renamed\"}");
        patch.put(key, "x");

        Rejection rejection = rejected(ClusterFold.apply(event(EventType.UPDATED, 2).data(patch).build(), live),
                ErrorCode.IMMUTABLE_FIELD);

        assertThat(rejection.message()).contains("data." + key);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidPatches")
    void rejectsPatchWithWrongTypedValueOrResetOfARequiredFieldAsInvalidData(String field, String rawValue) {
        ClusterState live = applyAll(null, created(1));

        Rejection rejection = rejected(ClusterFold.apply(updated(2, "{\"" + field + "\": " + rawValue + "}"), live),
                ErrorCode.INVALID_DATA);

        assertThat(rejection.message()).contains(field);
        assertThat(rejection.eventId()).isEqualTo("evt_2");
    }

    static Stream<Arguments> invalidPatches() {
        return Stream.of(
                Arguments.of("cluster_name", "null"), Arguments.of("input_collections", "null"),
                Arguments.of("cluster_type", "null"),
                Arguments.of("cluster_name", "\"\""), Arguments.of("cluster_name", "5"),
                Arguments.of("cluster_name", "{\"a\": 1}"),
                Arguments.of("input_collections", "[]"), Arguments.of("input_collections", "[\"a\", 1]"),
                Arguments.of("input_collections", "\"col_1\""), Arguments.of("input_collections", "{\"a\": \"b\"}"),
                Arguments.of("cluster_type", "\"graph\""), Arguments.of("cluster_type", "\"VECTOR\""),
                Arguments.of("filters", "\"lang=en\""), Arguments.of("filters", "[1]"), Arguments.of("filters", "5"),
                Arguments.of("filters", "true"),
                Arguments.of("metadata", "5"), Arguments.of("metadata", "[]"), Arguments.of("metadata", "\"x\""),
                Arguments.of("algorithm_params", "[]"), Arguments.of("source_enrichment_config", "\"x\""),
                Arguments.of("llm_labeling", "1"),
                Arguments.of("enrich_source", "\"yes\""), Arguments.of("enrich_source", "1"),
                Arguments.of("hierarchical_grouping", "\"true\""),
                Arguments.of("source_bucket_ids", "\"a\""), Arguments.of("source_bucket_ids", "[1]"),
                Arguments.of("output_collection_ids", "[1]"), Arguments.of("output_collection_names", "\"o\""),
                Arguments.of("multi_feature_strategy", "1"), Arguments.of("parent_cluster_id", "{}"),
                Arguments.of("feature_uris", "[null]"), Arguments.of("aggregation_method", "true"),
                Arguments.of("algorithm", "[]"), Arguments.of("clustered_attributes", "{}"));
    }

    @Test
    void immutableFieldWinsOverInvalidDataWhateverTheKeyOrder() {
        ClusterState live = applyAll(null, created(1));

        rejected(ClusterFold.apply(updated(2, "{\"cluster_name\": 5, \"status\": \"X\"}"), live),
                ErrorCode.IMMUTABLE_FIELD);
        rejected(ClusterFold.apply(updated(2, "{\"status\": \"X\", \"cluster_name\": 5}"), live),
                ErrorCode.IMMUTABLE_FIELD);
        rejected(ClusterFold.apply(updated(2, "{\"cluster_type\": null, \"unknown\": 1}"), live),
                ErrorCode.IMMUTABLE_FIELD);
    }

    @Test
    void patchIsAppliedAllOrNothing() {
        ClusterState live = applyAll(null, created(1));
        ObjectNode snapshot = live.cluster().deepCopy();

        rejected(ClusterFold.apply(updated(2,
                "{\"cluster_name\": \"renamed\", \"algorithm\": \"kmeans\", \"enrich_source\": \"yes\"}"), live),
                ErrorCode.INVALID_DATA);
        rejected(ClusterFold.apply(updated(2,
                "{\"metadata\": {\"a\": 1}, \"cluster_name\": \"renamed\", \"cluster_type\": null}"), live),
                ErrorCode.INVALID_DATA);
        rejected(ClusterFold.apply(updated(2, "{\"cluster_name\": \"renamed\", \"completed_at\": null}"), live),
                ErrorCode.IMMUTABLE_FIELD);

        assertThat(live.cluster()).isEqualTo(snapshot);
        ObjectNode after = applied(ClusterFold.apply(updated(2, "{\"algorithm\": \"kmeans\"}"), live)).after();
        assertThat(text(after, "cluster_name")).isEqualTo("products");
        assertThat(after.get("metadata")).isEqualTo(Json.NODES.objectNode());
        assertThat(text(after, "algorithm")).isEqualTo("kmeans");
    }

    // ================================================================ cluster.execution.started

    @Test
    void startedSetsProcessingTaskIdAndLastExecutedAt() {
        ClusterState live = applyAll(null, created(1));

        FoldOutcome.Applied outcome = applied(ClusterFold.apply(started(2, "task_7"), live));

        ObjectNode expected = live.cluster().deepCopy();
        expected.put("status", "PROCESSING");
        expected.put("last_execution_task_id", "task_7");
        expected.put("last_executed_at", atText(2));
        expected.put("updated_at", atText(2));
        assertThat(outcome.after()).isEqualTo(expected);
        assertThat(outcome.state().sequence()).isEqualTo(2L);
        assertThat(fieldNames(outcome.after())).containsExactlyElementsOf(declarationOrder());
    }

    @Test
    void startedAgainReplacesTheCurrentTask() {
        ClusterState done = applyAll(null, created(1), started(2, TASK), completed(3, TASK, 10));

        ObjectNode after = applied(ClusterFold.apply(started(4, "task_2"), done)).after();

        assertThat(text(after, "status")).isEqualTo("PROCESSING");
        assertThat(text(after, "last_execution_task_id")).isEqualTo("task_2");
        assertThat(text(after, "last_executed_at")).isEqualTo(atText(4));
        assertThat(text(after, "created_at")).isEqualTo(atText(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"task_id\": null}", "{\"task_id\": 5}", "{\"task_id\": {}}",
        "{\"task_id\": [\"t\"]}"})
    void rejectsStartedWithoutAStringTaskIdAsInvalidData(String data) {
        ClusterState live = applyAll(null, created(1));

        Rejection rejection = rejected(ClusterFold.apply(event(EventType.EXECUTION_STARTED, 2).data(data).build(),
                live), ErrorCode.INVALID_DATA);

        assertThat(rejection.message()).contains("task_id");
    }

    // ================================================================ cluster.execution.completed

    @Test
    void completedSetsStatusResultFieldsAndCompletedAt() {
        ClusterState running = applyAll(null, created(1), started(2, TASK));
        ObjectNode data = object("""
                {"task_id": "task_1", "num_clusters": 12, "num_documents_clustered": 3400,
                 "execution_time_seconds": 87.25, "learned_weights": {"text": 0.7, "image": 0.3, "odd": null},
                 "learning_quality_score": 0.91, "effective_feature_method": "weighted_concat",
                 "hierarchy_detected": true, "child_cluster_ids": ["clust_c1", "clust_c2"],
                 "hierarchy_relationships": [{"parent": "clust_a1b2c3", "child": "clust_c1", "extra": null}],
                 "llm_labeling_errors": [{"cluster": 3, "error": "timeout"}], "with_errors": false}""");

        FoldOutcome.Applied outcome = applied(ClusterFold.apply(
                event(EventType.EXECUTION_COMPLETED, 3).data(data.deepCopy()).build(), running));

        ObjectNode expected = running.cluster().deepCopy();
        for (String field : List.of("num_clusters", "num_documents_clustered", "execution_time_seconds",
                "learned_weights", "learning_quality_score", "effective_feature_method", "hierarchy_detected",
                "child_cluster_ids", "hierarchy_relationships", "llm_labeling_errors")) {
            expected.set(field, data.get(field));
        }
        expected.put("status", "COMPLETED");
        expected.put("completed_at", atText(3));
        expected.put("updated_at", atText(3));
        assertThat(outcome.after()).isEqualTo(expected);
        assertThat(text(outcome.after(), "last_execution_task_id")).isEqualTo(TASK);
        assertThat(text(outcome.after(), "last_executed_at")).isEqualTo(atText(2));
        assertThat(outcome.after().has("with_errors")).isFalse();
        assertThat(outcome.after().has("task_id")).isFalse();
        assertThat(fieldNames(outcome.after())).containsExactlyElementsOf(declarationOrder());
    }

    @Test
    void completedWithOnlyRequiredFieldsKeepsOptionalResultDefaults() {
        ClusterState running = applyAll(null, created(1), started(2, TASK));

        ObjectNode after = applied(ClusterFold.apply(event(EventType.EXECUTION_COMPLETED, 3).data(
                "{\"task_id\": \"task_1\", \"num_clusters\": 0, \"num_documents_clustered\": 0,"
                        + " \"execution_time_seconds\": 0}").build(), running)).after();

        assertThat(after.get("num_clusters")).isEqualTo(json("0"));
        assertThat(after.get("num_documents_clustered")).isEqualTo(json("0"));
        assertThat(after.get("execution_time_seconds")).isEqualTo(json("0"));
        assertThat(after.get("hierarchy_detected")).isEqualTo(Json.NODES.booleanNode(false));
        for (String field : List.of("learned_weights", "learning_quality_score", "effective_feature_method",
                "child_cluster_ids", "hierarchy_relationships", "llm_labeling_errors")) {
            assertThat(after.get(field).isNull()).as(field).isTrue();
        }
        assertThat(text(after, "status")).isEqualTo("COMPLETED");
    }

    @ParameterizedTest(name = "with_errors = {0} gives {1}")
    @MethodSource("withErrorsStatuses")
    void completedStatusFollowsWithErrors(String withErrors, String status) {
        ClusterState running = applyAll(null, created(1), started(2, TASK));
        ObjectNode data = object("{\"task_id\": \"task_1\", \"num_clusters\": 2, \"num_documents_clustered\": 9,"
                + " \"execution_time_seconds\": 1.5}");
        if (withErrors != null) {
            data.set("with_errors", json(withErrors));
        }

        ObjectNode after = applied(ClusterFold.apply(event(EventType.EXECUTION_COMPLETED, 3).data(data).build(),
                running)).after();

        assertThat(text(after, "status")).isEqualTo(status);
    }

    static Stream<Arguments> withErrorsStatuses() {
        return Stream.of(Arguments.of("true", "COMPLETED_WITH_ERRORS"), Arguments.of("false", "COMPLETED"),
                Arguments.of(null, "COMPLETED"), Arguments.of("null", "COMPLETED"));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidCompletions")
    void rejectsCompletedWithMissingOrWrongTypedResultAsInvalidData(String field, String rawValue) {
        ClusterState running = applyAll(null, created(1), started(2, TASK));
        ObjectNode data = object("{\"task_id\": \"task_1\", \"num_clusters\": 2, \"num_documents_clustered\": 9,"
                + " \"execution_time_seconds\": 1.5}");
        if (rawValue == null) {
            data.remove(field);
        } else {
            data.set(field, json(rawValue));
        }

        Rejection rejection = rejected(ClusterFold.apply(
                event(EventType.EXECUTION_COMPLETED, 3).data(data).build(), running), ErrorCode.INVALID_DATA);

        assertThat(rejection.message()).contains(field);
    }

    static Stream<Arguments> invalidCompletions() {
        return Stream.of(
                Arguments.of("task_id", null), Arguments.of("task_id", "null"), Arguments.of("task_id", "5"),
                Arguments.of("num_clusters", null), Arguments.of("num_clusters", "null"),
                Arguments.of("num_clusters", "-1"), Arguments.of("num_clusters", "1.5"),
                Arguments.of("num_clusters", "\"3\""), Arguments.of("num_clusters", "99999999999999999999"),
                Arguments.of("num_documents_clustered", null), Arguments.of("num_documents_clustered", "-1"),
                Arguments.of("num_documents_clustered", "\"10\""), Arguments.of("num_documents_clustered", "2.5"),
                Arguments.of("execution_time_seconds", null), Arguments.of("execution_time_seconds", "null"),
                Arguments.of("execution_time_seconds", "-0.5"), Arguments.of("execution_time_seconds", "\"12\""),
                Arguments.of("with_errors", "\"yes\""), Arguments.of("with_errors", "1"),
                Arguments.of("learned_weights", "[]"), Arguments.of("learned_weights", "\"x\""),
                Arguments.of("learning_quality_score", "\"0.9\""), Arguments.of("learning_quality_score", "true"),
                Arguments.of("effective_feature_method", "1"), Arguments.of("hierarchy_detected", "\"true\""),
                Arguments.of("child_cluster_ids", "\"c\""), Arguments.of("child_cluster_ids", "[1]"),
                Arguments.of("hierarchy_relationships", "{}"), Arguments.of("hierarchy_relationships", "[1]"),
                Arguments.of("hierarchy_relationships", "[\"x\"]"),
                Arguments.of("llm_labeling_errors", "\"x\""), Arguments.of("llm_labeling_errors", "{}"));
    }

    /**
     * A JSON number beyond the range of a double (1e400) is read by the project's mapper as Infinity, which Jackson
     * then writes as the string "Infinity": the view would hold a string where the event gave a number. Either the
     * event is refused (INVALID_DATA) or the view keeps a number that reads back as exactly what the state holds.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("numbersBeyondDoubleRange")
    void numberBeyondDoubleRangeIsRejectedOrKeptAsANumber(String description, ClusterState state, ClusterEvent event,
                                                         String pointer) throws Exception {
        FoldOutcome outcome = ClusterFold.apply(event, state);

        if (outcome instanceof FoldOutcome.Rejected) {
            rejected(outcome, ErrorCode.INVALID_DATA);
            return;
        }
        ObjectNode after = applied(outcome).after();
        JsonNode written = json(Json.MAPPER.writeValueAsString(after));
        assertThat(written.at(pointer).isNumber()).as("%s in the written view: %s", pointer, written.at(pointer))
                .isTrue();
        assertThat(written).as("the written view reads back as the state").isEqualTo(after);
    }

    static Stream<Arguments> numbersBeyondDoubleRange() {
        ClusterState running = applyAll(null, created(1), started(2, TASK));
        String results = "\"task_id\": \"task_1\", \"num_clusters\": 1, \"num_documents_clustered\": 1,"
                + " \"execution_time_seconds\": 1";
        return Stream.of(
                Arguments.of("created, metadata", null, event(EventType.CREATED, 1)
                        .data("{\"cluster_name\": \"n\", \"input_collections\": [\"c\"], \"cluster_type\": \"vector\","
                                + " \"metadata\": {\"big\": 1e400}}").build(), "/metadata/big"),
                Arguments.of("updated, algorithm_params", running,
                        updated(3, "{\"algorithm_params\": {\"tol\": -1e400}}"), "/algorithm_params/tol"),
                Arguments.of("completed, learning_quality_score", running, event(EventType.EXECUTION_COMPLETED, 3)
                        .data("{" + results + ", \"learning_quality_score\": 1e400}").build(),
                        "/learning_quality_score"),
                Arguments.of("completed, learned_weights", running, event(EventType.EXECUTION_COMPLETED, 3)
                        .data("{" + results + ", \"learned_weights\": {\"w\": 1e400}}").build(),
                        "/learned_weights/w"));
    }

    // ================================================================ failed, canceled

    @Test
    void failedSetsStatusAndLlmLabelingErrors() {
        ClusterState running = applyAll(null, created(1), started(2, TASK));

        FoldOutcome.Applied outcome = applied(ClusterFold.apply(event(EventType.EXECUTION_FAILED, 3).data(
                "{\"task_id\": \"task_1\", \"llm_labeling_errors\": [{\"error\": \"quota\", \"detail\": null}]}")
                .build(), running));

        ObjectNode expected = running.cluster().deepCopy();
        expected.put("status", "FAILED");
        expected.set("llm_labeling_errors", json("[{\"error\": \"quota\", \"detail\": null}]"));
        expected.put("updated_at", atText(3));
        assertThat(outcome.after()).isEqualTo(expected);
        assertThat(fieldNames(outcome.after())).containsExactlyElementsOf(declarationOrder());
    }

    @Test
    void failedWithoutLlmLabelingErrorsOnlyChangesStatus() {
        ClusterState running = applyAll(null, created(1), started(2, TASK));

        ObjectNode after = applied(ClusterFold.apply(event(EventType.EXECUTION_FAILED, 3)
                .data("{\"task_id\": \"task_1\"}").build(), running)).after();

        ObjectNode expected = running.cluster().deepCopy();
        expected.put("status", "FAILED");
        expected.put("updated_at", atText(3));
        assertThat(after).isEqualTo(expected);
    }

    @Test
    void rejectsFailedWithWrongTypedLlmLabelingErrorsAsInvalidData() {
        ClusterState running = applyAll(null, created(1), started(2, TASK));

        Rejection rejection = rejected(ClusterFold.apply(event(EventType.EXECUTION_FAILED, 3)
                .data("{\"task_id\": \"task_1\", \"llm_labeling_errors\": \"boom\"}").build(), running),
                ErrorCode.INVALID_DATA);

        assertThat(rejection.message()).contains("llm_labeling_errors");
    }

    @Test
    void canceledSetsStatusCanceled() {
        ClusterState running = applyAll(null, created(1), started(2, TASK));

        FoldOutcome.Applied outcome = applied(ClusterFold.apply(event(EventType.EXECUTION_CANCELED, 3)
                .data("{\"task_id\": \"task_1\"}").build(), running));

        ObjectNode expected = running.cluster().deepCopy();
        expected.put("status", "CANCELED");
        expected.put("updated_at", atText(3));
        assertThat(outcome.after()).isEqualTo(expected);
        assertThat(outcome.state().sequence()).isEqualTo(3L);
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"EXECUTION_FAILED", "EXECUTION_CANCELED"})
    void rejectsFailedOrCanceledWithoutAStringTaskIdAsInvalidData(EventType type) {
        ClusterState running = applyAll(null, created(1), started(2, TASK));

        for (String data : List.of("{}", "{\"task_id\": null}", "{\"task_id\": 1}")) {
            Rejection rejection = rejected(ClusterFold.apply(event(type, 3).data(data).build(), running),
                    ErrorCode.INVALID_DATA);
            assertThat(rejection.message()).contains("task_id");
        }
    }

    // ================================================================ STALE_TASK

    @ParameterizedTest
    @EnumSource(value = EventType.class,
            names = {"EXECUTION_COMPLETED", "EXECUTION_FAILED", "EXECUTION_CANCELED"})
    void rejectsExecutionResultOfAnotherTaskAsStaleTask(EventType type) {
        ClusterState running = applyAll(null, created(1), started(2, TASK));

        Rejection rejection = rejected(ClusterFold.apply(validEvent(type, 3, "task_0").build(), running),
                ErrorCode.STALE_TASK);

        assertThat(rejection.message()).contains("task_id").contains("task_0").contains(TASK);
        assertThat(rejection.eventId()).isEqualTo("evt_3");
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class,
            names = {"EXECUTION_COMPLETED", "EXECUTION_FAILED", "EXECUTION_CANCELED"})
    void rejectsExecutionResultWhenNoTaskWasEverStartedAsStaleTask(EventType type) {
        ClusterState live = applyAll(null, created(1), updated(2, "{\"algorithm\": \"kmeans\"}"));

        rejected(ClusterFold.apply(validEvent(type, 3).build(), live), ErrorCode.STALE_TASK);
    }

    @Test
    void resultOfAnEarlierTaskIsStaleOnceANewTaskStarted() {
        ClusterState restarted = applyAll(null, created(1), started(2, "task_1"), started(3, "task_2"));

        rejected(ClusterFold.apply(completed(4, "task_1", 10), restarted), ErrorCode.STALE_TASK);
        assertThat(text(applied(ClusterFold.apply(completed(4, "task_2", 10), restarted)).after(), "status"))
                .isEqualTo("COMPLETED");
    }

    @Test
    void invalidDataWinsOverStaleTask() {
        ClusterState running = applyAll(null, created(1), started(2, TASK));
        ClusterState neverStarted = applyAll(null, created(1));

        rejected(ClusterFold.apply(event(EventType.EXECUTION_COMPLETED, 3)
                .data("{\"task_id\": \"task_0\", \"num_documents_clustered\": 3, \"execution_time_seconds\": 1}")
                .build(), running), ErrorCode.INVALID_DATA);
        rejected(ClusterFold.apply(event(EventType.EXECUTION_COMPLETED, 3).data("{\"task_id\": \"task_0\","
                + " \"num_clusters\": 1, \"num_documents_clustered\": -3, \"execution_time_seconds\": 1}").build(),
                running), ErrorCode.INVALID_DATA);
        rejected(ClusterFold.apply(event(EventType.EXECUTION_COMPLETED, 3).data("{\"task_id\": \"task_0\","
                + " \"num_clusters\": 1, \"num_documents_clustered\": 3, \"execution_time_seconds\": 1,"
                + " \"with_errors\": \"no\"}").build(), running), ErrorCode.INVALID_DATA);
        rejected(ClusterFold.apply(event(EventType.EXECUTION_FAILED, 3)
                .data("{\"task_id\": \"task_0\", \"llm_labeling_errors\": \"x\"}").build(), running),
                ErrorCode.INVALID_DATA);
        rejected(ClusterFold.apply(event(EventType.EXECUTION_COMPLETED, 2).data("{\"task_id\": \"task_0\"}").build(),
                neverStarted), ErrorCode.INVALID_DATA);
    }

    // ================================================================ cluster.deleted

    @Test
    void deletedRemovesTheClusterButKeepsItsSequence() {
        ClusterState live = applyAll(null, created(1), started(2, TASK));

        FoldOutcome.Applied outcome = applied(ClusterFold.apply(deleted(3), live));

        assertThat(outcome.state().sequence()).isEqualTo(3L);
        assertThat(outcome.state().cluster()).isNull();
        assertThat(outcome.state().isLive()).isFalse();
        assertThat(outcome.before()).isEqualTo(live.cluster());
        assertThat(outcome.after()).isNull();
    }

    @Test
    void deletedClusterCanBeCreatedAgain() {
        ClusterState gone = applyAll(null, created(1), started(2, TASK), completed(3, TASK, 50), deleted(4));

        FoldOutcome.Applied outcome = applied(ClusterFold.apply(event(EventType.CREATED, 6)
                .data("{\"cluster_name\": \"again\", \"input_collections\": [\"c\"], \"cluster_type\": \"attribute\"}")
                .build(), gone));

        assertThat(outcome.before()).isNull();
        assertThat(outcome.state().sequence()).isEqualTo(6L);
        ObjectNode expected = object(EXPECTED_MINIMAL_CLUSTER);
        expected.put("cluster_name", "again");
        expected.set("input_collections", json("[\"c\"]"));
        expected.put("cluster_type", "attribute");
        expected.put("created_at", atText(6));
        expected.put("updated_at", atText(6));
        assertThat(outcome.after()).isEqualTo(expected);
    }

    @Test
    void oldSequencesStaySkippedAfterDeleteAndAfterRecreate() {
        ClusterState gone = applyAll(null, created(1), started(2, TASK), deleted(4));

        assertThat(ClusterFold.apply(created(3), gone)).isEqualTo(new FoldOutcome.Skipped(4));
        assertThat(ClusterFold.apply(created(4), gone)).isEqualTo(new FoldOutcome.Skipped(4));
        assertThat(ClusterFold.apply(updated(2, "{\"cluster_name\": \"x\"}"), gone))
                .isEqualTo(new FoldOutcome.Skipped(4));
        assertThat(ClusterFold.apply(deleted(4), gone)).isEqualTo(new FoldOutcome.Skipped(4));

        ClusterState recreated = applyAll(gone, created(5));
        assertThat(ClusterFold.apply(completed(3, TASK, 1), recreated)).isEqualTo(new FoldOutcome.Skipped(5));
        assertThat(ClusterFold.apply(deleted(4), recreated)).isEqualTo(new FoldOutcome.Skipped(5));
    }

    @Test
    void updateAfterDeleteIsUnknownCluster() {
        ClusterState gone = applyAll(null, created(1), deleted(2));

        Rejection rejection = rejected(ClusterFold.apply(updated(3, "{\"cluster_name\": \"x\"}"), gone),
                ErrorCode.UNKNOWN_CLUSTER);

        assertThat(rejection.message()).contains(CLUSTER);
        rejected(ClusterFold.apply(deleted(3), gone), ErrorCode.UNKNOWN_CLUSTER);
    }

    // ================================================================ duplicates, gaps, rejected sequences

    @Test
    void skipsEventWithTheSameSequenceAsTheLastApplied() {
        ClusterState live = applyAll(null, created(1), updated(2, "{\"algorithm\": \"a\"}"));
        ObjectNode snapshot = live.cluster().deepCopy();

        FoldOutcome outcome = ClusterFold.apply(updated(2, "{\"algorithm\": \"b\"}"), live);

        assertThat(outcome).isEqualTo(new FoldOutcome.Skipped(2));
        assertThat(live.cluster()).isEqualTo(snapshot);
        assertThat(live.sequence()).isEqualTo(2L);
    }

    @Test
    void skipsEventWithALowerSequence() {
        ClusterState live = applyAll(null, created(1), started(5, TASK));

        assertThat(ClusterFold.apply(updated(3, "{\"algorithm\": \"b\"}"), live)).isEqualTo(new FoldOutcome.Skipped(5));
        assertThat(ClusterFold.apply(created(1), live)).isEqualTo(new FoldOutcome.Skipped(5));
        assertThat(ClusterFold.apply(deleted(4), live)).isEqualTo(new FoldOutcome.Skipped(5));
    }

    @Test
    void duplicateRuleComesBeforeEveryRejectionOfTheFold() {
        ClusterState live = applyAll(null, created(1), started(5, TASK));
        ClusterState gone = applyAll(null, created(1), deleted(6));

        assertThat(ClusterFold.apply(created(5), live)).as("instead of ALREADY_EXISTS")
                .isInstanceOf(FoldOutcome.Skipped.class);
        assertThat(ClusterFold.apply(updated(6, "{\"cluster_name\": \"x\"}"), gone)).as("instead of UNKNOWN_CLUSTER")
                .isInstanceOf(FoldOutcome.Skipped.class);
        assertThat(ClusterFold.apply(event(EventType.UPDATED, 4).namespace("ns_other").data("{}").build(), live))
                .as("instead of OWNERSHIP_MISMATCH").isInstanceOf(FoldOutcome.Skipped.class);
        assertThat(ClusterFold.apply(updated(4, "{\"status\": \"FAILED\"}"), live)).as("instead of IMMUTABLE_FIELD")
                .isInstanceOf(FoldOutcome.Skipped.class);
        assertThat(ClusterFold.apply(updated(4, "{\"cluster_name\": null}"), live)).as("instead of INVALID_DATA")
                .isInstanceOf(FoldOutcome.Skipped.class);
        assertThat(ClusterFold.apply(completed(5, "task_0", 1), live)).as("instead of STALE_TASK")
                .isInstanceOf(FoldOutcome.Skipped.class);
    }

    @Test
    void allowsGapsInSequence() {
        ClusterState state = applyAll(null, created(3), updated(7, "{\"algorithm\": \"a\"}"), started(100, TASK),
                completed(1_000_000, TASK, 5));

        assertThat(state.sequence()).isEqualTo(1_000_000L);
        assertThat(text(state.cluster(), "status")).isEqualTo("COMPLETED");
        assertThat(text(state.cluster(), "created_at")).isEqualTo(atText(3));
    }

    @Test
    void rejectedEventDoesNotAdvanceTheSequence() {
        ClusterState live = applyAll(null, created(1));

        rejected(ClusterFold.apply(updated(2, "{\"status\": \"FAILED\"}"), live), ErrorCode.IMMUTABLE_FIELD);
        rejected(ClusterFold.apply(completed(2, TASK, 3), live), ErrorCode.STALE_TASK);
        rejected(ClusterFold.apply(event(EventType.UPDATED, 2).namespace("ns_x").data("{}").build(), live),
                ErrorCode.OWNERSHIP_MISMATCH);
        rejected(ClusterFold.apply(created(2), live), ErrorCode.ALREADY_EXISTS);

        assertThat(live.sequence()).isEqualTo(1L);
        FoldOutcome.Applied outcome = applied(ClusterFold.apply(updated(2, "{\"algorithm\": \"kmeans\"}"), live));
        assertThat(outcome.state().sequence()).isEqualTo(2L);
    }

    @Test
    void rejectedCreateOfANewClusterLeavesItUnknown() {
        rejected(ClusterFold.apply(event(EventType.CREATED, 1).data("{}").build(), null), ErrorCode.INVALID_DATA);

        assertThat(applied(ClusterFold.apply(created(1), null)).state().sequence()).isEqualTo(1L);
    }

    // ================================================================ lifecycle, purity

    @Test
    void everyAppliedEventSetsUpdatedAtAndKeepsTheFieldOrder() {
        List<ClusterEvent> events = List.of(
                event(EventType.CREATED, 1).data(FULL_CREATE).build(),
                updated(2, "{\"metadata\": {\"labels\": null}, \"filters\": null}"),
                started(3, TASK),
                completed(4, TASK, 77),
                updated(5, "{\"cluster_name\": \"x\"}"),
                started(6, "task_2"),
                event(EventType.EXECUTION_FAILED, 7).data("{\"task_id\": \"task_2\", \"llm_labeling_errors\": []}")
                        .build(),
                started(8, "task_3"),
                event(EventType.EXECUTION_CANCELED, 9).data("{\"task_id\": \"task_3\"}").build());
        List<String> statuses = new ArrayList<>();
        ClusterState state = null;
        for (ClusterEvent event : events) {
            state = applied(ClusterFold.apply(event, state)).state();
            assertThat(text(state.cluster(), "updated_at")).isEqualTo(atText(event.sequence()));
            assertThat(text(state.cluster(), "created_at")).isEqualTo(atText(1));
            assertThat(fieldNames(state.cluster())).containsExactlyElementsOf(declarationOrder());
            assertThat(state.sequence()).isEqualTo(event.sequence());
            statuses.add(text(state.cluster(), "status"));
        }
        assertThat(statuses).containsExactly("PENDING", "PENDING", "PROCESSING", "COMPLETED", "COMPLETED",
                "PROCESSING", "FAILED", "PROCESSING", "CANCELED");
        assertThat(state.cluster().get("num_documents_clustered")).isEqualTo(json("77"));
        assertThat(text(state.cluster(), "completed_at")).isEqualTo(atText(4));
        assertThat(state.cluster().get("llm_labeling_errors")).isEqualTo(json("[]"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("eventsOnARichCluster")
    void foldDoesNotMutateItsInputStateNorTheEvent(String description, ClusterEvent event) {
        ClusterState state = applyAll(null, event(EventType.CREATED, 1).data(FULL_CREATE).build(), started(2, TASK));
        ObjectNode clusterSnapshot = state.cluster().deepCopy();
        ObjectNode dataSnapshot = event.data().deepCopy();

        FoldOutcome first = ClusterFold.apply(event, state);
        FoldOutcome second = ClusterFold.apply(event, state);

        assertThat(state.cluster()).isEqualTo(clusterSnapshot);
        assertThat(state.sequence()).isEqualTo(2L);
        assertThat(event.data()).isEqualTo(dataSnapshot);
        assertThat(second).as("deterministic").isEqualTo(first);
        if (first instanceof FoldOutcome.Applied applied && applied.after() != null) {
            assertThat(applied.after()).isNotSameAs(state.cluster());
        }
    }

    static Stream<Arguments> eventsOnARichCluster() {
        return Stream.of(
                Arguments.of("update of nested metadata", updated(3,
                        "{\"metadata\": {\"labels\": {\"x\": null, \"w\": {\"v\": 1}}, \"tags\": [\"z\"]}}")),
                Arguments.of("update of filters", updated(3, "{\"filters\": {\"nested\": {\"drop\": 1, \"new\": 2}}}")),
                Arguments.of("reset of metadata and arrays", updated(3,
                        "{\"metadata\": null, \"output_collection_ids\": null, \"filters\": null}")),
                Arguments.of("rename", updated(3, "{\"cluster_name\": \"renamed\"}")),
                Arguments.of("started", started(3, "task_2")),
                Arguments.of("completed", event(EventType.EXECUTION_COMPLETED, 3).data("""
                        {"task_id": "task_1", "num_clusters": 1, "num_documents_clustered": 2,
                         "execution_time_seconds": 3, "learned_weights": {"a": {"b": null}},
                         "hierarchy_relationships": [{"p": "q"}]}""").build()),
                Arguments.of("failed", event(EventType.EXECUTION_FAILED, 3)
                        .data("{\"task_id\": \"task_1\", \"llm_labeling_errors\": [{\"e\": 1}]}").build()),
                Arguments.of("canceled", event(EventType.EXECUTION_CANCELED, 3).data("{\"task_id\": \"task_1\"}")
                        .build()),
                Arguments.of("deleted", deleted(3)),
                Arguments.of("rejected patch", updated(3, "{\"metadata\": {\"a\": 1}, \"cluster_type\": \"graph\"}")),
                Arguments.of("stale task", completed(3, "task_0", 1)),
                Arguments.of("duplicate", updated(2, "{\"metadata\": {\"labels\": null}}")));
    }

    @Test
    void appliedClusterSharesNoNodesWithTheEventOrThePreviousState() {
        ClusterEvent create = event(EventType.CREATED, 1).data(FULL_CREATE).build();
        ClusterState live = applyAll(null, create);
        ObjectNode snapshot = live.cluster().deepCopy();

        ((ObjectNode) create.data().get("metadata")).put("mutated", true);
        ((ObjectNode) create.data().get("filters")).removeAll();
        assertThat(live.cluster()).isEqualTo(snapshot);

        ClusterEvent update = updated(2, "{\"metadata\": {\"labels\": {\"q\": {\"deep\": 1}}},"
                + " \"source_bucket_ids\": [\"b\"]}");
        ObjectNode after = applied(ClusterFold.apply(update, live)).after();
        ObjectNode afterSnapshot = after.deepCopy();

        ((ObjectNode) update.data().get("metadata").get("labels").get("q")).put("late", 1);
        ((ArrayNode) update.data().get("source_bucket_ids")).add("late");
        assertThat(after).isEqualTo(afterSnapshot);

        ((ObjectNode) after.get("metadata").get("labels")).put("r", 2);
        ((ObjectNode) after.get("filters")).put("s", 3);
        assertThat(live.cluster()).isEqualTo(snapshot);
    }

    // ================================================================ helpers

    /** A valid event of {@code type} for a cluster whose current task is {@link #TASK}. */
    private static TestEvents.Builder validEvent(EventType type, long sequence) {
        return validEvent(type, sequence, TASK);
    }

    private static TestEvents.Builder validEvent(EventType type, long sequence, String task) {
        TestEvents.Builder builder = event(type, sequence);
        return switch (type) {
            case CREATED -> builder.data(MINIMAL_CREATE);
            case UPDATED -> builder.data("{\"cluster_name\": \"renamed\"}");
            case EXECUTION_STARTED, EXECUTION_FAILED, EXECUTION_CANCELED ->
                    builder.data("{\"task_id\": \"" + task + "\"}");
            case EXECUTION_COMPLETED -> builder.data("{\"task_id\": \"" + task + "\", \"num_clusters\": 1,"
                    + " \"num_documents_clustered\": 1, \"execution_time_seconds\": 1}");
            case DELETED -> builder;
        };
    }

    static List<String> declarationOrder() {
        return Arrays.stream(ClusterField.values()).map(ClusterField::wireName).toList();
    }

    static List<String> fieldNames(ObjectNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        assertThat(value).as(field).isNotNull();
        return value.isNull() ? null : value.textValue();
    }
}
