package io.clusterindex.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.clusterindex.json.Json;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/**
 * Writes a JSON body as UTF-8 bytes straight from Jackson's byte generator. Javalin's {@code ctx.json} goes through
 * {@code writeValueAsString} (a char generator, then a copy of its buffer into a {@code String}, checked char by
 * char for Latin-1, then encoded again), which was a third of the serialization time of a page of 50 clusters.
 * Same mapper, same bytes.
 */
final class JsonResponses {
    private JsonResponses() {
    }

    static void json(Context ctx, Object body) {
        try {
            ctx.contentType(ContentType.APPLICATION_JSON).result(Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
