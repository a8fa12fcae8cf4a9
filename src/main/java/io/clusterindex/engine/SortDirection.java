package io.clusterindex.engine;

/** {@code asc} or {@code desc}. */
public enum SortDirection {
    ASC("asc"), DESC("desc");

    private final String wireName;

    SortDirection(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
