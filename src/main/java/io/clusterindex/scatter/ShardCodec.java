package io.clusterindex.scatter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.Json;
import io.clusterindex.json.StatsJson;
import java.io.IOException;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The body of an internal endpoint's answer: {@code {"partitions": [0, 2], "positions": {"0": 12, "2": -1},
 * "value": ...}} (with {@code "lags"} between them when some partitions came from stale copies), where the value is a
 * list share ({@code results}, {@code total}, {@code skipped}, {@code stats}), a cluster (or null: not found) or
 * stats ({@code total_clusters}, {@code total_documents}, {@code clusters_by_status}).
 */
public final class ShardCodec {
    /** What an instance served, on what {@link Basis}. */
    public record Share<T>(@JsonProperty(required = true) SortedSet<Integer> partitions,
                           @JsonProperty(required = true) SortedMap<Integer, Long> positions,
                           @JsonInclude(JsonInclude.Include.NON_EMPTY) SortedMap<Integer, Long> lags,
                           @JsonProperty(required = true) T value) {
        static <T> Share<T> of(Basis basis, T value) {
            return new Share<>(basis.covered(), basis.positions(), basis.lags(), value);
        }

        Basis basis() {
            return new Basis(positions, partitions, lags == null ? new TreeMap<>() : lags);
        }
    }

    /** An instance's first matches of a list request, how many it has, how many it skipped, and their stats. */
    public record ListShare(@JsonProperty(required = true) List<ObjectNode> results,
                            @JsonProperty(required = true) long total,
                            @JsonProperty(required = true) long skipped,
                            @JsonProperty(required = true) StatsJson stats) {
    }

    /** Signals a body that is not JSON at all (rather than JSON of another shape). */
    static final class NotJsonException extends IllegalArgumentException {
        NotJsonException(String message) {
            super(message);
        }
    }

    private static final JavaType LIST = share(ListShare.class);
    private static final JavaType CLUSTER = share(ObjectNode.class);
    private static final JavaType STATS = share(StatsJson.class);

    private ShardCodec() {
    }

    public static Share<ListShare> encodeList(Answer<ListPage> served) {
        return encode(served, page -> new ListShare(page.results(), page.total(), page.skipped(), json(page.stats())));
    }

    public static Share<ObjectNode> encodeCluster(Answer<ObjectNode> served) {
        return encode(served, cluster -> cluster);
    }

    public static Share<StatsJson> encodeStats(Answer<Stats> served) {
        return encode(served, ShardCodec::json);
    }

    public static Answer<ListPage> decodeList(byte[] body) {
        return ShardCodec.<ListShare, ListPage>decode(body, LIST, share -> new ListPage(share.results(), share.total(),
                stats(share.stats()), share.skipped()));
    }

    public static Answer<ObjectNode> decodeCluster(byte[] body) {
        return ShardCodec.<ObjectNode, ObjectNode>decode(body, CLUSTER, cluster -> cluster);
    }

    public static Answer<Stats> decodeStats(byte[] body) {
        return ShardCodec.<StatsJson, Stats>decode(body, STATS, ShardCodec::stats);
    }

    /** A found or not-found answer (its value then written as null); a not-served one is an error status. */
    private static <T, J> Share<J> encode(Answer<T> served, Function<T, J> value) {
        return Share.of(served.basis(), served instanceof Answer.Found<T> found ? value.apply(found.value()) : null);
    }

    /** The answer an instance served: found, or not found when its value is null. */
    private static <J, T> Answer<T> decode(byte[] body, JavaType type, Function<J, T> value) {
        Share<J> share;
        try {
            share = Json.TRUSTED.readValue(body, type);
        } catch (JsonParseException e) {
            throw new NotJsonException(e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("an instance's answer is not a share: " + e.getMessage(), e);
        }
        return share.value() == null ? new Answer.NotFound<>(share.basis())
                : new Answer.Found<>(value.apply(share.value()), share.basis());
    }

    /** The stats of a share: no average, which only the merged answer has. */
    private static StatsJson json(Stats stats) {
        return new StatsJson(null, stats.totalClusters(), stats.totalDocuments(), null, stats.clustersByStatus());
    }

    private static Stats stats(StatsJson json) {
        return new Stats(json.totalClusters(), json.totalDocuments(), new TreeMap<>(json.clustersByStatus()));
    }

    private static JavaType share(Class<?> value) {
        return Json.TRUSTED.getTypeFactory().constructParametricType(Share.class, value);
    }
}
