package io.clusterindex.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The project's Jackson mappers: {@link #MAPPER} for input (duplicate keys and trailing tokens are errors). */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonParser.Feature.ALLOW_COMMENTS)
            .build();

    /**
     * For JSON this service wrote itself (stored state): the same mapper without duplicate-key detection, which
     * costs a hash set per object and cannot find anything in our own output.
     */
    public static final ObjectMapper TRUSTED = JsonMapper.builder().build();

    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }
}
