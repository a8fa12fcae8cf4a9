package io.clusterindex.engine;

import io.clusterindex.filter.FieldPath;
import io.clusterindex.fold.ClusterField;

/** What to sort on: a scalar field or a dotted path to a scalar inside an object field, and the direction. */
public record SortSpec(FieldPath field, SortDirection direction) {
    /** Without {@code sort}: newest first. */
    public static final SortSpec DEFAULT = new SortSpec(FieldPath.of(ClusterField.CREATED_AT), SortDirection.DESC);
}
