package io.clusterindex.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.clusterindex.request.ValidationError;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/** {@code {"success": false, "status": 422, "error": {"type", "message", "details"}}}, the one error shape. */
record ErrorEnvelope(boolean success, int status, Error error) {
    record Error(ErrorType type, String message, Object details) {
    }

    /** {@code details} of a 422: every broken rule, where it is. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Validation(List<ValidationError> validationErrors) {
    }

    /**
     * {@code details} of a 503: the partitions that could not be served, and of which topic (left out in an
     * instance's answer to another, which does not name it).
     */
    record Unavailable(@JsonInclude(JsonInclude.Include.NON_NULL) String topic, SortedSet<Integer> partitions) {
    }

    /** {@code details} null is written as an empty object. */
    static ErrorEnvelope of(int status, ErrorType type, String message, Object details) {
        return new ErrorEnvelope(false, status, new Error(type, message, details == null ? Map.of() : details));
    }
}
