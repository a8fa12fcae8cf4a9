package io.clusterindex.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clusterindex.fold.ClusterField;
import io.clusterindex.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The {@code cursor} extension: a position in the total order of a list request, just after one cluster. Encoded
 * as base64url JSON, opaque to clients: {@code {"v":1,"s":<sort value>,"i":"<cluster_id>","b":"<binding>"}}, where
 * the sort value is the scalar the cluster had at the sort path (absent when it sorted as missing) and the binding
 * is a digest of the request body and limit, so that a cursor only continues the request it came from. Holding
 * the position, not an offset, keeps pages stable while the view changes: clusters inserted before the cursor do
 * not shift the next page.
 */
public final class Cursor {
    private static final int VERSION = 1;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final JsonNode sortValue;
    private final String clusterId;
    private final String binding;

    private Cursor(JsonNode sortValue, String clusterId, String binding) {
        this.sortValue = sortValue;
        this.clusterId = clusterId;
        this.binding = binding;
    }

    /** The cursor just after {@code cluster} in {@code sort}, for the request bound as {@code binding}. */
    public static Cursor after(ObjectNode cluster, SortSpec sort, String binding) {
        JsonNode value = sort.field().single(cluster);
        JsonNode id = cluster.get(ClusterField.CLUSTER_ID.wireName());
        return new Cursor(value != null && value.isValueNode() && !value.isNull() ? value : null,
                id == null ? "" : id.asText(), binding);
    }

    /** A digest of the request's body and limit (the body as parsed: formatting does not matter, key order does). */
    public static String binding(JsonNode body, int limit) {
        String canonical = (body == null || body.isMissingNode() ? "null" : body.toString()) + "\n" + limit;
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return ENCODER.encodeToString(digest).substring(0, 22);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    public String encode() {
        ObjectNode node = Json.NODES.objectNode().put("v", VERSION);
        if (sortValue != null) {
            node.set("s", sortValue);
        }
        node.put("i", clusterId).put("b", binding);
        return ENCODER.encodeToString(node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor in {@code token}, or null when it is not one of ours. */
    public static Cursor decode(String token) {
        try {
            JsonNode node = Json.MAPPER.readTree(DECODER.decode(token));
            JsonNode version = node == null ? null : node.get("v");
            JsonNode id = node == null ? null : node.get("i");
            JsonNode binding = node == null ? null : node.get("b");
            JsonNode value = node == null ? null : node.get("s");
            if (version == null || version.asInt() != VERSION || id == null || !id.isTextual() || binding == null
                    || !binding.isTextual() || value != null && !(value.isValueNode() && !value.isNull())) {
                return null;
            }
            return new Cursor(value, id.textValue(), binding.textValue());
        } catch (IllegalArgumentException | IOException e) {
            return null;
        }
    }

    public String binding() {
        return binding;
    }

    /** The position as a sort key of {@code order}: results must compare greater than it. */
    public SortKey key(SortOrder order) {
        SortKey key = new SortKey();
        order.fillValue(key, sortValue, clusterId);
        return key;
    }
}
