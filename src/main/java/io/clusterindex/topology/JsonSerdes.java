package io.clusterindex.topology;

import io.clusterindex.json.Json;
import io.clusterindex.json.StatsJson;
import io.clusterindex.stats.NamespaceStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** JSON of what the indexer publishes for others: namespace stats on {@code cluster-stats}, views. */
public final class JsonSerdes {
    private JsonSerdes() {
    }

    public static Serde<NamespaceStats> namespaceStats() {
        return Serdes.serdeFrom((topic, stats) -> stats == null ? null : write(toJson(stats)),
                (topic, bytes) -> bytes == null ? null : namespaceStatsFrom(read(bytes, StatsJson.class)));
    }

    /** The JSON of a namespace's stats, as on {@code cluster-stats}. */
    private static StatsJson toJson(NamespaceStats stats) {
        return new StatsJson(stats.namespaceId(), stats.totalClusters(), stats.totalDocuments(),
                stats.avgDocumentsPerCluster(), stats.clustersByStatus());
    }

    private static NamespaceStats namespaceStatsFrom(StatsJson json) {
        return new NamespaceStats(json.namespaceId(), json.totalClusters(), json.totalDocuments(),
                json.clustersByStatus());
    }

    public static byte[] write(Object json) {
        try {
            return Json.MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(byte[] bytes, Class<T> type) {
        try {
            return Json.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw new SerializationException("stored value is not the JSON this version writes", e);
        }
    }
}
