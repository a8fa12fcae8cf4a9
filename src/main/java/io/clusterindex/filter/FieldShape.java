package io.clusterindex.filter;

import io.clusterindex.fold.ClusterField;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The JSON shape of each top-level field of {@code ClusterMetadata}, as far as filtering and sorting care. */
public enum FieldShape {
    SCALAR, OBJECT, ARRAY;

    private static final Set<ClusterField> OBJECTS = EnumSet.of(ClusterField.FILTERS, ClusterField.ALGORITHM_PARAMS,
            ClusterField.SOURCE_ENRICHMENT_CONFIG, ClusterField.LLM_LABELING, ClusterField.METADATA,
            ClusterField.LEARNED_WEIGHTS);
    private static final Set<ClusterField> ARRAYS = EnumSet.of(ClusterField.INPUT_COLLECTIONS,
            ClusterField.SOURCE_BUCKET_IDS, ClusterField.FEATURE_URIS, ClusterField.CLUSTERED_ATTRIBUTES,
            ClusterField.OUTPUT_COLLECTION_IDS, ClusterField.OUTPUT_COLLECTION_NAMES, ClusterField.CHILD_CLUSTER_IDS,
            ClusterField.HIERARCHY_RELATIONSHIPS, ClusterField.LLM_LABELING_ERRORS);
    private static final String KNOWN = Arrays.stream(ClusterField.values())
            .map(ClusterField::wireName)
            .collect(Collectors.joining(", "));

    public static FieldShape of(ClusterField field) {
        return OBJECTS.contains(field) ? OBJECT : ARRAYS.contains(field) ? ARRAY : SCALAR;
    }

    /** The wire names of all top-level fields, in {@code ClusterMetadata} order, comma separated. */
    public static String knownFields() {
        return KNOWN;
    }
}
