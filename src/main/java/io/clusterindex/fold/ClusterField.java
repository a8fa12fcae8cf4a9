package io.clusterindex.fold;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.clusterindex.json.Json;
import java.util.function.Supplier;

/**
 * One field of {@code ClusterMetadata}: its wire name, who may set it, the shape it must have and its default.
 * The declaration order of {@link #values()} is the field order of every serialised cluster.
 */
public enum ClusterField {
    CLUSTER_ID("cluster_id", Kind.SYSTEM, FieldType.STRING),
    NAMESPACE_ID("namespace_id", Kind.SYSTEM, FieldType.STRING),
    ORGANIZATION_ID("organization_id", Kind.SYSTEM, FieldType.STRING),
    CLUSTER_NAME("cluster_name", Kind.REQUIRED_CONFIG, FieldType.NON_EMPTY_STRING),
    CLUSTER_TYPE("cluster_type", Kind.REQUIRED_CONFIG, FieldType.CLUSTER_TYPE),
    INPUT_COLLECTIONS("input_collections", Kind.REQUIRED_CONFIG, FieldType.NON_EMPTY_STRING_ARRAY),
    SOURCE_BUCKET_IDS("source_bucket_ids", Kind.CONFIG, FieldType.STRING_ARRAY),
    FILTERS("filters", Kind.CONFIG, FieldType.OBJECT),
    FEATURE_URIS("feature_uris", Kind.CONFIG, FieldType.STRING_ARRAY),
    MULTI_FEATURE_STRATEGY("multi_feature_strategy", Kind.CONFIG, FieldType.STRING),
    CLUSTERED_ATTRIBUTES("clustered_attributes", Kind.CONFIG, FieldType.STRING_ARRAY),
    HIERARCHICAL_GROUPING("hierarchical_grouping", Kind.CONFIG, FieldType.BOOLEAN),
    AGGREGATION_METHOD("aggregation_method", Kind.CONFIG, FieldType.STRING),
    OUTPUT_COLLECTION_IDS("output_collection_ids", Kind.CONFIG, FieldType.STRING_ARRAY, Json.NODES::arrayNode),
    OUTPUT_COLLECTION_NAMES("output_collection_names", Kind.CONFIG, FieldType.STRING_ARRAY, Json.NODES::arrayNode),
    ALGORITHM("algorithm", Kind.CONFIG, FieldType.STRING),
    ALGORITHM_PARAMS("algorithm_params", Kind.CONFIG, FieldType.OBJECT),
    ENRICH_SOURCE("enrich_source", Kind.CONFIG, FieldType.BOOLEAN, () -> Json.NODES.booleanNode(false)),
    SOURCE_ENRICHMENT_CONFIG("source_enrichment_config", Kind.CONFIG, FieldType.OBJECT),
    LLM_LABELING("llm_labeling", Kind.CONFIG, FieldType.OBJECT),
    PARENT_CLUSTER_ID("parent_cluster_id", Kind.CONFIG, FieldType.STRING),
    METADATA("metadata", Kind.CONFIG, FieldType.OBJECT, Json.NODES::objectNode),
    STATUS("status", Kind.SYSTEM, FieldType.STRING),
    NUM_CLUSTERS("num_clusters", Kind.RESULT, FieldType.NON_NEGATIVE_INTEGER),
    NUM_DOCUMENTS_CLUSTERED("num_documents_clustered", Kind.RESULT, FieldType.NON_NEGATIVE_INTEGER),
    EXECUTION_TIME_SECONDS("execution_time_seconds", Kind.RESULT, FieldType.NON_NEGATIVE_NUMBER),
    LEARNED_WEIGHTS("learned_weights", Kind.RESULT, FieldType.OBJECT),
    LEARNING_QUALITY_SCORE("learning_quality_score", Kind.RESULT, FieldType.NUMBER),
    EFFECTIVE_FEATURE_METHOD("effective_feature_method", Kind.RESULT, FieldType.STRING),
    HIERARCHY_DETECTED("hierarchy_detected", Kind.RESULT, FieldType.BOOLEAN, () -> Json.NODES.booleanNode(false)),
    CHILD_CLUSTER_IDS("child_cluster_ids", Kind.RESULT, FieldType.STRING_ARRAY),
    HIERARCHY_RELATIONSHIPS("hierarchy_relationships", Kind.RESULT, FieldType.OBJECT_ARRAY),
    LLM_LABELING_ERRORS("llm_labeling_errors", Kind.RESULT, FieldType.ARRAY),
    LAST_EXECUTION_TASK_ID("last_execution_task_id", Kind.SYSTEM, FieldType.STRING),
    LAST_EXECUTED_AT("last_executed_at", Kind.SYSTEM, FieldType.STRING),
    COMPLETED_AT("completed_at", Kind.SYSTEM, FieldType.STRING),
    CREATED_AT("created_at", Kind.SYSTEM, FieldType.STRING),
    UPDATED_AT("updated_at", Kind.SYSTEM, FieldType.STRING);

    /** Who may set a field. */
    enum Kind {
        /** Set by {@code cluster.created} (required there), patchable, never reset to null. */
        REQUIRED_CONFIG,
        /** Optional configuration: settable at creation and patchable. */
        CONFIG,
        /** Execution results, set by {@code cluster.execution.completed}. */
        RESULT,
        /** Maintained by the fold itself. */
        SYSTEM
    }

    private final String wireName;
    private final Kind kind;
    private final FieldType type;
    private final Supplier<JsonNode> defaultValue;

    ClusterField(String wireName, Kind kind, FieldType type) {
        this(wireName, kind, type, NullNode::getInstance);
    }

    ClusterField(String wireName, Kind kind, FieldType type, Supplier<JsonNode> defaultValue) {
        this.wireName = wireName;
        this.kind = kind;
        this.type = type;
        this.defaultValue = defaultValue;
    }

    public String wireName() {
        return wireName;
    }

    Kind kind() {
        return kind;
    }

    FieldType type() {
        return type;
    }

    /** A fresh copy of the default value (null, false, [] or {}). */
    public JsonNode defaultValue() {
        return defaultValue.get();
    }

    boolean isConfiguration() {
        return kind == Kind.REQUIRED_CONFIG || kind == Kind.CONFIG;
    }

    /** The four fields holding instants. */
    public boolean isTimestamp() {
        return this == CREATED_AT || this == UPDATED_AT || this == LAST_EXECUTED_AT || this == COMPLETED_AT;
    }

    public static java.util.Optional<ClusterField> byWireName(String name) {
        return java.util.Optional.ofNullable(Lookup.BY_NAME.get(name));
    }

    private static final class Lookup {
        private static final java.util.Map<String, ClusterField> BY_NAME = new java.util.HashMap<>();

        static {
            for (ClusterField field : values()) {
                BY_NAME.put(field.wireName, field);
            }
        }
    }
}
