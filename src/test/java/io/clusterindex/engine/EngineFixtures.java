package io.clusterindex.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.json.Json;
import io.clusterindex.request.ListRequestParser;
import io.clusterindex.request.ParsedRequest;
import io.clusterindex.request.ValidationError;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builders for unit tests: JSON from text with single quotes, full clusters, parsed queries. */
public final class EngineFixtures {
    private EngineFixtures() {
    }

    /** JSON from text in which {@code '} stands for {@code "}. */
    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cluster with every field at its default, then {@code id} and the fields of {@code overrides}. */
    public static ObjectNode cluster(String id, String overrides) {
        ObjectNode cluster = Json.NODES.objectNode();
        for (ClusterField field : ClusterField.values()) {
            cluster.set(field.wireName(), field.defaultValue());
        }
        cluster.put("cluster_id", id);
        cluster.put("namespace_id", "ns_1");
        cluster.put("organization_id", "org_1");
        cluster.put("status", "PENDING");
        cluster.put("created_at", "2026-01-01T00:00:00Z");
        cluster.put("updated_at", "2026-01-01T00:00:00Z");
        for (Map.Entry<String, JsonNode> entry : json(overrides).properties()) {
            cluster.set(entry.getKey(), entry.getValue());
        }
        return cluster;
    }

    public static ListQuery query(String body) {
        return query(body == null ? null : json(body), null, null);
    }

    public static ListQuery query(JsonNode body, String limit, String offset) {
        ParsedRequest parsed = ListRequestParser.parse(body, limit, offset);
        assertThat(parsed).as("parse of %s", body).isInstanceOf(ParsedRequest.Valid.class);
        return ((ParsedRequest.Valid) parsed).query();
    }

    public static List<ValidationError> errors(String body) {
        return errors(body == null ? null : json(body), null, null);
    }

    public static List<ValidationError> errors(JsonNode body, String limit, String offset) {
        ParsedRequest parsed = ListRequestParser.parse(body, limit, offset);
        assertThat(parsed).as("parse of %s", body).isInstanceOf(ParsedRequest.Invalid.class);
        return ((ParsedRequest.Invalid) parsed).errors();
    }

    /** Ids of the clusters that {@code filters} (JSON text) selects, in cluster id order. */
    public static List<String> matching(String filters, List<ObjectNode> clusters) {
        ListQuery query = query("{'filters': " + filters + ", 'sort': {'field': 'cluster_id'}}");
        return ids(ListEngine.run(new ListQuery(query.filter(), query.search(), query.sort(), 1000, 0), clusters));
    }

    public static List<String> ids(ListPage page) {
        List<String> ids = new ArrayList<>();
        page.trees().forEach(cluster -> ids.add(cluster.get("cluster_id").textValue()));
        return ids;
    }

    public static List<Object> loc(Object... elements) {
        return List.of(elements);
    }
}
