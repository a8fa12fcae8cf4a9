package io.clusterindex.scatter;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.clusterindex.engine.Answer;
import io.clusterindex.engine.Basis;
import io.clusterindex.engine.KeyPage;
import io.clusterindex.engine.ListPage;
import io.clusterindex.engine.SortKey;
import io.clusterindex.engine.SortOrder;
import io.clusterindex.engine.Stats;
import io.clusterindex.json.Json;
import io.clusterindex.json.StatsJson;
import io.clusterindex.json.ViewDocument;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The body of an internal endpoint's answer: {@code {"partitions": [0, 2], "positions": {"0": 12, "2": -1},
 * "value": ...}} (with {@code "lags"} between them when some partitions came from stale copies), where the value is a
 * list share ({@code results}, {@code total}, {@code skipped}, {@code stats}), a key share ({@link KeyShare}), the
 * documents of a fetch ({@link Fetched}), a cluster (or null: not found) or stats ({@code total_clusters},
 * {@code total_documents}, {@code clusters_by_status}).
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
    public record ListShare(@JsonProperty(required = true) List<ViewDocument> results,
                            @JsonProperty(required = true) long total,
                            @JsonProperty(required = true) long skipped,
                            @JsonProperty(required = true) StatsJson stats) {
    }

    /**
     * Phase one of a two-phase list: an instance's first matches as columns of sort values ({@code null} where a
     * cluster sorts as missing), {@code cluster_id}s and sequences, and, only when they did not come from the view
     * index, their documents ({@code results}); total, skipped and stats as in {@link ListShare}.
     */
    public record KeyShare(@JsonProperty(required = true) List<JsonNode> values,
                           @JsonProperty(required = true) List<String> ids,
                           @JsonProperty(required = true) long[] sequences,
                           @JsonInclude(JsonInclude.Include.NON_NULL) List<ViewDocument> results,
                           @JsonProperty(required = true) long total,
                           @JsonProperty(required = true) long skipped,
                           @JsonProperty(required = true) StatsJson stats) {
    }

    /** Phase two's question: the clusters to fetch, each at the sequence its key was answered with. */
    public record FetchRequest(@JsonProperty(required = true) List<String> ids,
                               @JsonProperty(required = true) long[] sequences) {
    }

    /** Phase two's answer: the documents in the order asked, null where a cluster is not at its sequence here. */
    public record Fetched(@JsonProperty(required = true) List<ViewDocument> documents) {
    }

    /** Signals a body that is not JSON at all (rather than JSON of another shape). */
    static final class NotJsonException extends IllegalArgumentException {
        NotJsonException(String message) {
            super(message);
        }
    }

    private static final JavaType LIST = share(ListShare.class);
    private static final JavaType CLUSTER = share(ViewDocument.class);
    private static final JavaType STATS = share(StatsJson.class);
    private static final JavaType KEYS = share(KeyShare.class);
    private static final JavaType FETCHED = share(Fetched.class);

    private ShardCodec() {
    }

    public static Share<ListShare> encodeList(Answer<ListPage> served) {
        return encode(served, page -> new ListShare(page.results(), page.total(), page.skipped(), json(page.stats())));
    }

    public static Share<ViewDocument> encodeCluster(Answer<ViewDocument> served) {
        return encode(served, cluster -> cluster);
    }

    public static Share<StatsJson> encodeStats(Answer<Stats> served) {
        return encode(served, ShardCodec::json);
    }

    public static Answer<ListPage> decodeList(byte[] body) {
        return ShardCodec.<ListShare, ListPage>decode(body, LIST, share -> new ListPage(share.results(), share.total(),
                stats(share.stats()), share.skipped()));
    }

    public static Answer<ViewDocument> decodeCluster(byte[] body) {
        return ShardCodec.<ViewDocument, ViewDocument>decode(body, CLUSTER, cluster -> cluster);
    }

    public static Answer<Stats> decodeStats(byte[] body) {
        return ShardCodec.<StatsJson, Stats>decode(body, STATS, ShardCodec::stats);
    }

    public static Share<KeyShare> encodeKeys(Answer<KeyPage> served) {
        return encode(served, page -> {
            List<JsonNode> values = new ArrayList<>(page.keys().size());
            List<String> ids = new ArrayList<>(page.keys().size());
            long[] sequences = new long[page.keys().size()];
            List<ViewDocument> results = new ArrayList<>();
            for (KeyPage.PageKey key : page.keys()) {
                sequences[ids.size()] = key.sequence();
                values.add(key.key().value());
                ids.add(key.clusterId());
                if (key.document() != null) {
                    results.add(key.document());
                }
            }
            if (!results.isEmpty() && results.size() != ids.size()) {
                throw new IllegalArgumentException("a share's keys either all carry their documents or none does");
            }
            return new KeyShare(values, ids, sequences, results.isEmpty() ? null : results, page.total(),
                    page.skipped(), json(page.stats()));
        });
    }

    /** The keys of a share, read back in {@code order} (the order of the request they answer). */
    public static Answer<KeyPage> decodeKeys(byte[] body, SortOrder order) {
        return ShardCodec.<KeyShare, KeyPage>decode(body, KEYS, share -> {
            int n = share.ids().size();
            if (share.values().size() != n || share.sequences().length != n
                    || share.results() != null && share.results().size() != n) {
                throw new IllegalArgumentException("the columns of a key share differ in length");
            }
            List<KeyPage.PageKey> keys = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                SortKey key = new SortKey();
                order.fillValue(key, share.values().get(i), share.ids().get(i));
                keys.add(new KeyPage.PageKey(key, share.sequences()[i],
                        share.results() == null ? null : share.results().get(i)));
            }
            return new KeyPage(keys, share.total(), stats(share.stats()), share.skipped());
        });
    }

    public static FetchRequest fetchRequest(List<KeyPage.PageKey> wanted) {
        long[] sequences = new long[wanted.size()];
        List<String> ids = new ArrayList<>(wanted.size());
        for (KeyPage.PageKey key : wanted) {
            sequences[ids.size()] = key.sequence();
            ids.add(key.clusterId());
        }
        return new FetchRequest(ids, sequences);
    }

    /** The keys a {@link FetchRequest} names (without sort values, which fetching does not need). */
    public static List<KeyPage.PageKey> wanted(FetchRequest request) {
        if (request.ids() == null || request.sequences() == null || request.ids().size() != request.sequences().length) {
            throw new IllegalArgumentException("ids and sequences must be lists of the same length");
        }
        List<KeyPage.PageKey> wanted = new ArrayList<>(request.ids().size());
        for (int i = 0; i < request.ids().size(); i++) {
            SortKey key = new SortKey();
            key.clusterId = request.ids().get(i);
            wanted.add(new KeyPage.PageKey(key, request.sequences()[i], null));
        }
        return wanted;
    }

    public static Share<Fetched> encodeFetched(Answer<List<ViewDocument>> served) {
        return encode(served, Fetched::new);
    }

    public static Answer<List<ViewDocument>> decodeFetched(byte[] body) {
        return ShardCodec.<Fetched, List<ViewDocument>>decode(body, FETCHED, fetched -> {
            if (fetched.documents() == null) {
                throw new IllegalArgumentException("no documents");
            }
            return Collections.unmodifiableList(new ArrayList<>(fetched.documents()));
        });
    }

    /** A found or not-found answer (its value then written as null); a not-served one is an error status. */
    private static <T, J> Share<J> encode(Answer<T> served, Function<T, J> value) {
        return Share.of(served.basis(), served instanceof Answer.Found<T> found ? value.apply(found.value()) : null);
    }

    /** The answer an instance served: found, or not found when its value is null. */
    private static <J, T> Answer<T> decode(byte[] body, JavaType type, Function<J, T> value) {
        Share<J> share;
        try {
            // the documents in it are taken as their bytes, written on as they are
            share = Json.TRUSTED.readerFor(type).withAttribute(ViewDocument.SOURCE, body).readValue(body);
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
